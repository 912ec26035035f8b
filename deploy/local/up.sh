#!/usr/bin/env bash
# `npm run up`: install, make sure PostgreSQL and RabbitMQ are reachable, migrate, seed and start
# every process of the platform in development mode. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/../.."

export NODE_ENV=${NODE_ENV:-development}
if [ "$NODE_ENV" = production ]; then
  echo "npm run up is for development; in production run the Procfile's processes." >&2
  exit 1
fi

bash deploy/local/install.sh
bash deploy/local/ensure-services.sh "${AMQP_VHOST_PREFIX:-throughline}" $(echo "${REGIONS:-eu,us}" | tr ',' ' ')
node --import tsx migrations/migrate.ts
exec node --import tsx deploy/local/dev.ts
