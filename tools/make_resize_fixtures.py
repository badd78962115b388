#!/usr/bin/env python3
"""Generates src/test/resources/fixtures/resize/: a small noisy RGB image with hard edges (so the
bicubic overshoot is clipped) and Pillow's Image.resize(size, Image.BICUBIC) of it at sizes that
shrink, enlarge, keep one axis, reach 1 pixel and change the aspect ratio a lot. Each result is
saved as source.png.WxH.png.

Run with Debian's Pillow 9.4 (apt-get install python3-pil python3-numpy):
    /usr/bin/python3 tools/make_resize_fixtures.py
"""
import os

import numpy as np
from PIL import Image

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "fixtures", "resize")
SIZES = [(1, 1), (2, 3), (13, 7), (48, 30), (97, 30), (40, 61), (97, 61), (200, 150), (500, 9), (3, 400), (224, 141)]


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(1234)
    h, w = 61, 97
    img = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    img[10:30, 20:60] = (255, 0, 255)  # hard edges: the cubic kernel overshoots and must clip
    img[40:, :15] = 0
    source = Image.fromarray(img)
    source.save(os.path.join(OUT, "source.png"))
    for size in SIZES:
        source.resize(size, Image.BICUBIC).save(os.path.join(OUT, f"source.png.{size[0]}x{size[1]}.png"))


if __name__ == "__main__":
    main()
