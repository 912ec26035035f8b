#!/usr/bin/env bash
# `npm test`: installs what the tests need (npm packages, Debian's Chromium), makes sure PostgreSQL
# and RabbitMQ are running, migrates the test databases, then runs lint, the type check and every
# suite against the real servers. The test databases and vhosts are separate from development's.
set -euo pipefail
cd "$(dirname "$0")/../.."

export NODE_ENV=test
bash deploy/local/install.sh

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The browser tests need Debian's Chromium: run 'sudo apt-get install chromium' and try again." >&2
    exit 1
  fi
  echo "[test] installing Debian's chromium for the browser tests"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

bash deploy/local/ensure-services.sh throughline-test eu us
node --import tsx migrations/migrate.ts

echo "[test] lint"
npx eslint .
echo "[test] type check"
npx tsc --noEmit -p tsconfig.json
echo "[test] rule packs"
node --import tsx services/rules/check.ts
echo "[test] suites"
if [ $# -eq 0 ]; then
  set -- 'test/unit/**/*.test.ts' 'test/integration/**/*.test.ts' 'test/e2e/**/*.test.ts' 'test/security/**/*.test.ts' 'test/chaos/**/*.test.ts' 'test/browser/**/*.test.ts'
fi
npx mocha "$@"
