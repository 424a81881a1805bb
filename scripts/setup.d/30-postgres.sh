#!/usr/bin/env bash
# PostgreSQL 15 and PostGIS 3 (Debian's postgresql-15 and postgresql-15-postgis-3), for the shared
# store (`--db postgres://...`) and the tests that start a throwaway cluster of their own. Installs
# only what is missing; without apt or root it says so and leaves those tests to skip. Nothing is
# started or configured here: a test runs initdb in a temporary directory.
set -euo pipefail

have_server() { [ -x /usr/lib/postgresql/15/bin/initdb ] && [ -x /usr/lib/postgresql/15/bin/pg_ctl ]; }
have_postgis() { [ -f /usr/share/postgresql/15/extension/postgis.control ]; }

if have_server && have_postgis; then
  exit 0
fi
missing=()
have_server || missing+=(postgresql-15)
have_postgis || missing+=(postgresql-15-postgis-3)

if ! command -v apt-get >/dev/null 2>&1; then
  echo "30-postgres: no apt-get; install ${missing[*]} by hand for the PostgreSQL tests (they skip meanwhile)" >&2
  exit 0
fi
sudo=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "30-postgres: not root and no sudo; install ${missing[*]} by hand for the PostgreSQL tests (they skip meanwhile)" >&2
    exit 0
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}" \
  || { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; }
