#!/usr/bin/env bash
# `npm run reset`: deletes the development data (databases, vhosts, simulator records) so the next
# `npm run up` starts from the seed alone. Stop `npm run up` first. Test data is left alone.
set -euo pipefail
cd "$(dirname "$0")/../.."

if pgrep -f 'deploy/local/dev.ts' >/dev/null; then
  echo "npm run up is still running: stop it with Ctrl-C first, then run npm run reset again." >&2
  exit 1
fi

prefix=${DATABASE_PREFIX:-throughline}
for name in control $(echo "${REGIONS:-eu,us}" | tr ',' ' '); do
  psql -h "${DATABASE_HOST:-127.0.0.1}" -U "${DATABASE_OWNER_USER:-postgres}" -d postgres -qc "DROP DATABASE IF EXISTS \"${prefix}_${name}\" WITH (FORCE)"
  echo "[reset] dropped database ${prefix}_${name}"
done

if command -v rabbitmqctl >/dev/null; then
  for region in $(echo "${REGIONS:-eu,us}" | tr ',' ' '); do
    rabbitmqctl -q delete_vhost "${AMQP_VHOST_PREFIX:-throughline}-${region}" >/dev/null 2>&1 || true
    echo "[reset] deleted vhost ${AMQP_VHOST_PREFIX:-throughline}-${region}"
  done
fi

rm -rf deploy/local/.data
echo "[reset] removed the simulators' records; run npm run up to start again"
