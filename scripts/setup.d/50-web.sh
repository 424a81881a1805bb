#!/usr/bin/env bash
# Web UI: installs the front-end's npm packages and builds web/dist, which eventwire-serve embeds
# at compile time (so `eventwire serve` needs no node at run time). Also installs Debian's
# Chromium for the browser tests when it is missing. Idempotent; offline once it has run.
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
cd ..

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "50-web: installing Debian chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "50-web: could not install chromium; scripts/browser-test will skip" >&2
  else
    echo "50-web: /usr/bin/chromium missing and cannot apt-get as this user; browser tests will skip" >&2
  fi
fi
