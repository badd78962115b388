#!/usr/bin/env python3
"""Synthesize the seeded weights of src/test/resources/fixtures/README.md ("Seeded weight recipe") with numpy.

Writes OUT_DIR/model.safetensors (F32, HF key names: vision_model.* plus the three heads) for the
vision config in MODEL_DIR/config.json, and copies config.json and preprocessor_config.json next
to it, so that OUT_DIR is a model directory make_golden.py can run on. For fixtures/tiny it
rebuilds tiny/model.safetensors bit for bit; for fixtures/vit-l14-seeded it builds the 1.2 GB
weights behind that golden file. --check RECIPE_CHECK.json compares shapes, first values and
float64 sums with the fixture's recipe_check.json.
"""

import argparse
import json
import os
import shutil
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import HEADS, expected_tower_shapes, load_vision_config, GoldenError  # noqa: E402

MASK64 = (1 << 64) - 1

# (suffix, base, scale), first match wins; the norm weights before the generic ".bias".
RULES = [
    ("layer_norm1.weight", 1.0, 0.1), ("layer_norm2.weight", 1.0, 0.1),
    ("pre_layrnorm.weight", 1.0, 0.1), ("post_layernorm.weight", 1.0, 0.1),
    (".bias", 0.0, 0.02),
    ("class_embedding", 0.0, 0.1),
    ("position_embedding.weight", 0.0, 0.05),
    ("patch_embedding.weight", 0.0, 0.05),
    ("_head.weight", 0.0, 0.05),
]
DEFAULT_SCALE = 0.03  # q/k/v/out_proj, fc1 and fc2 weights


def fnv1a64(name):
    h = 0xcbf29ce484222325
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 0x100000001b3) & MASK64
    return h


def seeded(name, shape):
    """The tensor's values: a pure function of its name and each element's flat index."""
    base, scale = next(((b, s) for suffix, b, s in RULES if name.endswith(suffix)),
                       (0.0, DEFAULT_SCALE))
    count = int(np.prod(shape, dtype=np.int64))
    # numpy uint64 array arithmetic wraps mod 2^64, which is what splitmix64 needs.
    z = np.arange(count, dtype=np.uint64) + np.uint64(fnv1a64(name))
    z += np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    z ^= z >> np.uint64(31)
    # 24 random bits -> [-1, 1) in steps of 2^-23: exact in float64 and in float32.
    u = ((z >> np.uint64(40)).astype(np.float64) * 2.0 ** -24 * 2 - 1).astype(np.float32)
    value = np.float32(scale) * u
    if base != 0.0:
        value = np.float32(base) + value
    return value.reshape(shape)


def weight_shapes(cfg):
    shapes = {"vision_model." + k: v for k, v in expected_tower_shapes(cfg).items()}
    for head, out in HEADS.items():
        shapes[f"{head}_head.weight"] = [out, cfg["hidden_size"]]
        shapes[f"{head}_head.bias"] = [out]
    return shapes


def write_streaming(path, shapes):
    """Write the F32 safetensors file one tensor at a time, so the L/14 weights never sit in
    memory all at once. Layout as make_golden.write_safetensors: name order, header padded."""
    header = {"__metadata__": {"format": "pt"}}
    offset = 0
    for name in sorted(shapes):
        size = 4 * int(np.prod(shapes[name], dtype=np.int64))
        header[name] = {"dtype": "F32", "shape": shapes[name],
                        "data_offsets": [offset, offset + size]}
        offset += size
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")  # as safetensors writes it
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for name in sorted(shapes):
            f.write(seeded(name, shapes[name]).astype("<f4").tobytes())


def check(recipe_path, shapes):
    """Compare with recipe_check.json: shape, first four values (exact) and float64 sum."""
    with open(recipe_path, encoding="utf-8") as f:
        recipe = json.load(f)
    ok = True
    for name, want in sorted(recipe.items()):
        if name not in shapes:
            print(f"{name}: not in this config's weights")
            ok = False
            continue
        v = seeded(name, shapes[name])
        # The sum's last bits depend on summation order, so it gets a relative tolerance.
        total = v.astype(np.float64).sum()
        good = (shapes[name] == want["shape"]
                and v.reshape(-1)[:4].astype(np.float64).tolist() == want["first4"]
                and abs(total - want["sum_f64"]) <= 1e-9 * max(1.0, abs(want["sum_f64"])))
        ok &= good
        if not good:
            print(f"{name}: differs from {recipe_path}")
    print(f"recipe check: {len(recipe)} tensors, {'PASS' if ok else 'FAIL'}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", help="directory with config.json (and preprocessor_config.json)")
    ap.add_argument("out_dir", nargs="?", help="where to write the model directory")
    ap.add_argument("--check", metavar="RECIPE_CHECK_JSON",
                    help="verify against a recipe_check.json first; exit 1 if it differs")
    args = ap.parse_args()
    if not args.out_dir and not args.check:
        ap.error("give OUT_DIR, --check, or both")
    try:
        shapes = weight_shapes(load_vision_config(args.model_dir))
    except GoldenError as e:
        sys.exit(f"synth_seeded: {e}")
    if args.check and not check(args.check, shapes):
        sys.exit(1)
    if args.out_dir:
        os.makedirs(args.out_dir, exist_ok=True)
        for name in ("config.json", "preprocessor_config.json"):
            shutil.copyfile(os.path.join(args.model_dir, name), os.path.join(args.out_dir, name))
        write_streaming(os.path.join(args.out_dir, "model.safetensors"), shapes)
        print(f"wrote {args.out_dir}/model.safetensors: {len(shapes)} tensors, "
              f"{sum(int(np.prod(s)) for s in shapes.values()):,} parameters")


if __name__ == "__main__":
    main()
