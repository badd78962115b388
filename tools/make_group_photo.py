#!/usr/bin/python3
"""The demo's multi-face photo, composed from public-domain and CC0 images only.

    apt-get install python3-pil python3-numpy
    /usr/bin/python3 tools/make_group_photo.py

Reads src/main/resources/dev/vitface/demo/astronaut.png (scikit-image's `astronaut`: Eileen
Collins, NASA photograph, public domain) and writes src/main/resources/dev/vitface/demo/group.png:
her head (box x 110-350, y 0-240 of the 512 px image, the face with some hair and shoulders)
pasted five times onto a plain vertical grey gradient of 960 x 640 px — at several sizes (face
widths, as the detector boxes them, 6 % to 13 % of the longer side), rotated by -20 and +15
degrees, two of them mirrored. Bilinear resampling; each paste keeps its rectangular background, as a collage would.
Deterministic: the same inputs give the same bytes.
"""
import pathlib

import numpy as np
from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEMO = ROOT / "src/main/resources/dev/vitface/demo"
SOURCE = DEMO / "astronaut.png"
OUT = DEMO / "group.png"
WIDTH, HEIGHT = 960, 640
HEAD = (110, 0, 350, 240)

# (left, top, side in px, rotation in degrees counter-clockwise, mirrored)
PLACEMENTS = [
    (40, 60, 300, 0, False),
    (380, 40, 220, -20, True),
    (650, 90, 260, 15, False),
    (420, 380, 170, 0, True),
    (170, 430, 140, 0, False),
]


def main():
    head = Image.open(SOURCE).convert("RGB").crop(HEAD)
    ramp = np.linspace(200, 120, HEIGHT, dtype=np.float64)[:, None, None]
    canvas = Image.fromarray(np.broadcast_to(ramp, (HEIGHT, WIDTH, 3)).astype(np.uint8), "RGB")
    for left, top, side, angle, mirrored in PLACEMENTS:
        tile = head.resize((side, side), Image.BILINEAR)
        if mirrored:
            tile = tile.transpose(Image.FLIP_LEFT_RIGHT)
        if angle:
            mask = Image.new("L", tile.size, 255).rotate(angle, Image.BILINEAR, expand=True)
            tile = tile.rotate(angle, Image.BILINEAR, expand=True)
            canvas.paste(tile, (left, top), mask)
        else:
            canvas.paste(tile, (left, top))
    canvas.save(OUT, optimize=True)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
