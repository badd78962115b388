#!/usr/bin/env bash
# Re-run make_golden.py on the fixtures and compare with the committed golden files.
#
#   tools/check_make_golden.sh            tiny fixture, fallback path: every tensor within 1e-12,
#                                         pixel_values bit for bit
#   tools/check_make_golden.sh --seeded   also ViT-L/14 with the seeded weights (synthesizes
#                                         1.2 GB into a temp dir; ~45 s and ~4 GB of RAM)
#
# Needs a Python 3 with torch, numpy and Pillow; set PYTHON to choose one (default: Debian's
# /usr/bin/python3 when it has torch, since a python3 earlier on PATH may lack it).
# Exits non-zero if any comparison fails.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
fixtures="$here/../src/test/resources/fixtures"
if [[ -z "${PYTHON:-}" ]]; then
    PYTHON=python3
    if /usr/bin/python3 -c 'import torch' 2>/dev/null; then PYTHON=/usr/bin/python3; fi
fi
seeded=0
case "${1:-}" in
    "") ;;
    --seeded) seeded=1 ;;
    *) echo "usage: $0 [--seeded]" >&2; exit 2 ;;
esac

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "== tiny (fallback path, float64)"
tiny="$fixtures/tiny"
"$PYTHON" "$here/make_golden.py" --path fallback --hidden-states -o "$tmp/tiny.safetensors" \
    "$tiny" "$tiny/astronaut.png" "$tiny/chelsea.png" "$tiny/synthetic_70x50.png"
"$PYTHON" "$here/compare_golden.py" "$tiny/golden.safetensors" "$tmp/tiny.safetensors"

if (( seeded )); then
    echo "== vit-l14-seeded (fallback path, float64)"
    l14="$fixtures/vit-l14-seeded"
    "$PYTHON" "$here/synth_seeded.py" --check "$l14/recipe_check.json" "$l14" "$tmp/l14"
    "$PYTHON" "$here/make_golden.py" --path fallback -o "$tmp/l14.safetensors" \
        "$tmp/l14" "$fixtures/preprocess/astronaut.png" "$fixtures/preprocess/coffee.png"
    "$PYTHON" "$here/compare_golden.py" "$l14/golden.safetensors" "$tmp/l14.safetensors"
fi
