#!/usr/bin/env bash
# The GPU check on a lent CUDA machine that has torch, transformers and peft but no network:
# unpack what it lacks from the carried bundle (.gpu/site.tar.xz, made here by scripts/gpu_bundle.py),
# install jisr itself from this working tree without its dependencies, then run scripts/gpu_check.py.
# Usage there: scripts/gpu-check.sh OUT_DIR   (the device tool: carry .gpu, OUT_DIR=$OUT)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: scripts/gpu-check.sh OUT_DIR}
[ -f .gpu/site.tar.xz ] || { echo "gpu-check: no .gpu/site.tar.xz; run python scripts/gpu_bundle.py first (with network)"; exit 1; }
site=/tmp/jisr-gpu-site
rm -rf "$site" /tmp/jisr-gpu-jisr && mkdir -p "$site" "$out"
xz -dc -T0 .gpu/site.tar.xz | tar -C "$site" -xf -
python3 -m pip install -q --no-index --no-deps --no-build-isolation --no-compile --target /tmp/jisr-gpu-jisr . \
  >"$out/install.log" 2>&1 || { echo "gpu-check: installing jisr failed (see $out/install.log)"; exit 1; }
export PYTHONPATH=/tmp/jisr-gpu-jisr:$site PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false
# What the machine's own packages and the bundle disagree on, for the log (the check itself decides).
python3 -m pip check >"$out/pip-check.log" 2>&1 || echo "gpu-check: pip check found conflicts (see $out/pip-check.log)"
exec python3 scripts/gpu_check.py --device cuda --out "$out"
