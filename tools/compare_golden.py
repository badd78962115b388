#!/usr/bin/env python3
"""Compare two golden safetensors files tensor by tensor.

Prints the max abs difference of every tensor and exits non-zero when a tensor is missing,
differs in dtype or shape, pixel_values differ at all, or any other tensor differs by more
than the tolerance. Used by check_make_golden.sh; needs only numpy.
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_golden import read_safetensors_header, read_safetensors  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("expected")
    ap.add_argument("actual")
    ap.add_argument("--tol", type=float, default=1e-12,
                    help="max abs difference allowed (default 1e-12); pixel_values must be equal")
    ap.add_argument("--ignore-dtype", action="store_true",
                    help="compare values across dtypes (a --dtype float32 run against F64)")
    args = ap.parse_args()

    exp_header, _ = read_safetensors_header(args.expected)
    act_header, _ = read_safetensors_header(args.actual)
    expected, _ = read_safetensors(args.expected)
    actual, _ = read_safetensors(args.actual)
    ok = True
    for name in sorted(set(expected) | set(actual)):
        if name not in actual or name not in expected:
            print(f"{name:18s} only in {'expected' if name in expected else 'actual'}")
            ok = False
            continue
        e, a = exp_header[name], act_header[name]
        if e["shape"] != a["shape"] or (e["dtype"] != a["dtype"] and not args.ignore_dtype):
            print(f"{name:18s} {a['dtype']} {a['shape']}, expected {e['dtype']} {e['shape']}")
            ok = False
            continue
        diff = float(np.max(np.abs(expected[name].astype(np.float64)
                                   - actual[name].astype(np.float64)), initial=0.0))
        limit = 0.0 if name == "pixel_values" else args.tol
        good = diff <= limit
        ok &= good
        print(f"{name:18s} {a['dtype']} {str(a['shape']):18s} max abs diff {diff:.3e}"
              f"  {'ok' if good else f'FAIL (limit {limit:g})'}")
    print("PASS" if ok else "FAIL")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
