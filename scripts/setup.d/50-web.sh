#!/usr/bin/env bash
# Web UI: installs the front-end's npm packages and builds web/dist, which eventwire-serve embeds
# at compile time (so `eventwire serve` needs no node at run time). Idempotent; offline once it
# has run. The browser the UI tests drive is installed by scripts/setup-browser, not here.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v npm >/dev/null 2>&1; then
  echo "50-web: npm not found; the UI will be a placeholder page (install Node.js and rerun scripts/setup)" >&2
  exit 0
fi

cd web
# npm ci only when the lock file changed since the last install.
stamp=node_modules/.eventwire-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run --silent build
