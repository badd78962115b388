#!/usr/bin/env python3
"""Export a CLIP face-attribute model directory to ONNX (fp32, dynamic batch) for ONNX Runtime.

The graph is make_golden.py's plain-PyTorch forward (imported, not copied) plus the three heads,
traced by torch.onnx.export; the weights become the graph's initializers. Inputs and outputs:

    pixel_values   float32 [batch, 3, S, S]
    pooler_output  float32 [batch, hidden]
    logits_age, logits_gender, logits_race   float32 [batch, 9 | 2 | 7]

Beside the model it writes a check for the runner (bench/.../ort/OrtBench.java): CHECK_PREFIX.bin
holds a batch of 2 random pixel tensors (float32, little-endian, [2, 3, S, S]) and
CHECK_PREFIX.json PyTorch's float32 logits for them, so ONNX Runtime can show it runs the same
model.

    tools/export_onnx.py [MODEL_DIR] [-o MODEL_DIR/model.onnx] [--opset 14]

Needs Debian's python3-torch and python3-numpy (torch 1.13's exporter does not need the onnx
package); run it with /usr/bin/python3. ViT-L/14 takes about a minute and writes 1.2 GB.
"""

import argparse
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import fallback_weights, forward_plain, load_checkpoint, load_vision_config  # noqa: E402


class FaceAttributeModel(torch.nn.Module):
    """forward_plain plus the heads, with every weight a buffer so that export names it."""

    def __init__(self, cfg, tower, heads):
        super().__init__()
        self.cfg = cfg
        self.names = {}  # HF key -> buffer name (buffer names cannot contain dots)
        for key, tensor in fallback_weights(tower, torch.float32).items():
            self.names[key] = key.replace(".", "_")
            self.register_buffer(self.names[key], tensor)
        self.heads = list(heads)
        for name, (weight, bias) in heads.items():
            self.register_buffer(f"{name}_head_weight", torch.from_numpy(weight.copy()))
            self.register_buffer(f"{name}_head_bias", torch.from_numpy(bias.copy()))

    def forward(self, pixel_values):
        w = {key: getattr(self, buffer) for key, buffer in self.names.items()}
        pooled, _ = forward_plain(self.cfg, w, pixel_values, keep_hidden_states=False)
        logits = [F.linear(pooled, getattr(self, f"{h}_head_weight"), getattr(self, f"{h}_head_bias"))
                  for h in self.heads]
        return (pooled, *logits)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", nargs="?", default="weights/vit-l14-seeded")
    ap.add_argument("-o", "--output", help="default MODEL_DIR/model.onnx")
    ap.add_argument("--opset", type=int, default=14, help="ONNX opset, >= 14 (default 14)")
    args = ap.parse_args()
    if args.opset < 14:
        ap.error("--opset must be >= 14")
    output = args.output or os.path.join(args.model_dir, "model.onnx")

    cfg = load_vision_config(args.model_dir)
    tower, heads = load_checkpoint(args.model_dir, cfg)
    model = FaceAttributeModel(cfg, tower, heads).eval()
    size = cfg["image_size"]
    channels = cfg.get("num_channels", 3)
    check_pixels = torch.from_numpy(
        np.random.default_rng(42).standard_normal((2, channels, size, size), dtype=np.float32))

    output_names = ["pooler_output"] + [f"logits_{h}" for h in model.heads]
    with torch.inference_mode():
        expected = model(check_pixels)
    # The trace runs at batch 2, so the batch dimension cannot be mistaken for a constant 1.
    torch.onnx.export(model, (check_pixels,), output, opset_version=args.opset,
                      input_names=["pixel_values"], output_names=output_names,
                      dynamic_axes={name: {0: "batch"} for name in ["pixel_values", *output_names]},
                      do_constant_folding=True)

    prefix = os.path.splitext(output)[0] + ".check"
    check_pixels.numpy().astype("<f4").tofile(prefix + ".bin")
    with open(prefix + ".json", "w", encoding="utf-8") as f:
        json.dump({"pixel_values_shape": list(check_pixels.shape),
                   "outputs": {name: t.numpy().tolist() for name, t in zip(output_names, expected)}}, f)
    print(f"wrote {output} ({os.path.getsize(output) / 1e9:.2f} GB, opset {args.opset}, dynamic batch) "
          f"and {prefix}.bin/.json (PyTorch's outputs for a batch of 2)")


if __name__ == "__main__":
    main()
