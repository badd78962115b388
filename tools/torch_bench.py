#!/usr/bin/env python3
"""Time the plain-PyTorch forward of a CLIP face-attribute model directory, float32 on the CPU.

The engine a user would otherwise pick, on the same weights as `vitface bench`: the forward is
make_golden.py's fallback (the one the golden fixtures were made with), imported rather than
copied, plus the three heads. Prints a JSON array with the keys of `vitface bench --format json`
(batch, backend, precision, threads, iterations, seconds_per_image_median,
seconds_per_image_min, images_per_second, gflops) plus blas, one object per batch size.

    tools/torch_bench.py [MODEL_DIR] [--threads N] [--batch 1,8] [--iters 5] [--warmup 2] [--warmup-seconds 8]

The warm-up is vitface bench's: at least --warmup forwards and at least --warmup-seconds of them.

MODEL_DIR defaults to weights/vit-l14-seeded, written by
`bin/vitface synth --config src/test/resources/fixtures/vit-l14-seeded/config.json --out weights/vit-l14-seeded`.
Needs Debian's python3-torch and python3-numpy; run it with /usr/bin/python3.
"""

import argparse
import ctypes
import json
import os
import statistics
import sys
import time


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model_dir", nargs="?", default="weights/vit-l14-seeded")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--batch", default="1,8", help="comma-separated batch sizes")
    ap.add_argument("--iters", type=int, default=5, help="timed forwards per batch size")
    ap.add_argument("--warmup", type=int, default=2, help="untimed forwards before them, at least")
    ap.add_argument("--warmup-seconds", type=float, default=8.0, help="seconds of untimed forwards, at least")
    args = ap.parse_args()
    args.batches = [int(b) for b in args.batch.split(",")]
    if args.threads < 1 or args.iters < 1 or args.warmup < 0 or not args.warmup_seconds >= 0 or min(args.batches) < 1:
        ap.error("threads, iters and batch sizes must be >= 1, warmup and warmup-seconds >= 0")
    return args


def flops_per_image(cfg, head_outputs):
    """As VisionConfig.flopsPerImage (162.0 GFLOP for ViT-L/14): a multiply-add counts 2."""
    grid = cfg["image_size"] // cfg["patch_size"]
    t, h, i = grid * grid + 1, cfg["hidden_size"], cfg["intermediate_size"]
    patches = 2.0 * grid * grid * cfg.get("num_channels", 3) * cfg["patch_size"] ** 2 * h
    per_layer = 2.0 * t * h * h * 4 + 2.0 * t * h * i * 2 + 2.0 * t * t * h * 2
    return patches + cfg["num_hidden_layers"] * per_layer + 2.0 * h * head_outputs


def blas_description():
    """The BLAS torch's linear layers call, as `vitface bench` names OpenBLAS's: version and the
    core type it picked. Debian's torch links libblas.so.3, which is OpenBLAS when installed."""
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_get_config.restype = lib.openblas_get_corename.restype = ctypes.c_char_p
        return f"{lib.openblas_get_config().decode().strip()}; core {lib.openblas_get_corename().decode()}"
    except (OSError, AttributeError):
        return "libblas.so.3 is not OpenBLAS"


def main():
    args = parse_args()
    # Torch's intra-op pool is OpenMP; its matrix products go to the system BLAS (Debian:
    # OpenBLAS, with threads of its own). Both read these before torch is imported, and
    # set_num_threads below covers the OpenMP side again, so the run uses exactly N threads.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import torch
    import torch.nn.functional as F
    from make_golden import HEADS, fallback_weights, forward_plain, load_checkpoint, load_vision_config

    torch.set_num_threads(args.threads)
    cfg = load_vision_config(args.model_dir)
    tower, heads = load_checkpoint(args.model_dir, cfg)
    # Converted once, so the timed runs hold only the forward (torch owns a copy of the weights).
    w = fallback_weights(tower, torch.float32)
    head_w = {name: (torch.from_numpy(wt.copy()), torch.from_numpy(b.copy())) for name, (wt, b) in heads.items()}
    flops = flops_per_image(cfg, sum(HEADS.values()))
    size = cfg["image_size"]

    def forward(x):
        pooled, _ = forward_plain(cfg, w, x, keep_hidden_states=False)
        return [F.linear(pooled, wt, b) for wt, b in head_w.values()]

    results = []
    generator = torch.Generator().manual_seed(42)
    for batch in args.batches:
        x = torch.randn(batch, cfg.get("num_channels", 3), size, size, generator=generator)
        seconds = []
        with torch.inference_mode():
            done, warm_up_start = 0, time.perf_counter()
            while done < args.warmup or time.perf_counter() - warm_up_start < args.warmup_seconds:
                forward(x)
                done += 1
            for _ in range(args.iters):
                start = time.perf_counter()
                forward(x)
                seconds.append(time.perf_counter() - start)
        median = statistics.median(seconds) / batch
        results.append({
            "batch": batch,
            "backend": f"pytorch {torch.__version__}",
            "precision": "fp32",
            "threads": torch.get_num_threads(),
            "iterations": args.iters,
            "seconds_per_image_median": median,
            "seconds_per_image_min": min(seconds) / batch,
            "images_per_second": 1 / median,
            "gflops": flops / median * 1e-9,
            "blas": blas_description(),
        })
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
