#!/usr/bin/python3
"""Golden face chips from dlib itself, for the port of dlib's chip geometry (dev.vitface.faces.align).

Builds tools/dlib_chips/dlib_chips.cpp against Debian's libdlib-dev (19.24), runs it on
src/test/resources/fixtures/tiny/astronaut.png and writes src/test/resources/fixtures/align/:
one PNG per case and cases.tsv (what each case asked for and dlib's chip_details for it).

    apt-get install libdlib-dev g++ python3-pil
    /usr/bin/python3 tools/make_align_fixtures.py

The landmarks are dlib's own (HOG detector + the 68-point predictor from libdlib-data), turned
into the four points vitface takes from BlazeFace: each eye's six-point centre, the nose tip (30),
the middle of the mouth corners (48, 54). Only these points are kept; the predictor is not
needed to run the tests.
"""
import math
import pathlib
import subprocess
import tempfile

from PIL import Image

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src/test/resources/fixtures/tiny/astronaut.png"
OUT = ROOT / "src/test/resources/fixtures/align"
PREDICTOR = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat"

# dev.vitface.faces.align.FaceChips.BLAZEFACE_TEMPLATE: right eye, left eye, nose tip, mouth.
TEMPLATE = [(0.225492, 0.215990), (0.754761, 0.215990), (0.490127, 0.515625), (0.490127, 0.780233)]


def build(tmp):
    exe = tmp / "dlib_chips"
    libs = [f"/lib/x86_64-linux-gnu/{name}" for name in ("libblas.so.3", "liblapack.so.3")]
    subprocess.run(["g++", "-O2", "-std=c++14", "-ffp-contract=off", "-o", str(exe),
                    str(ROOT / "tools/dlib_chips/dlib_chips.cpp"), "-ldlib", *libs], check=True)
    return exe


def run(exe, ppm, outdir, lines):
    done = subprocess.run([str(exe), str(ppm), str(outdir), PREDICTOR], input="\n".join(lines) + "\n",
                          capture_output=True, text=True, check=True)
    return done.stdout.splitlines()


def rotate(points, angle_deg, cx, cy, scale=1.0):
    a = math.radians(angle_deg)
    c, s = math.cos(a), math.sin(a)
    return [(cx + scale * (c * (x - cx) - s * (y - cy)), cy + scale * (s * (x - cx) + c * (y - cy))) for x, y in points]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as t:
        tmp = pathlib.Path(t)
        exe = build(tmp)
        ppm = tmp / "photo.ppm"
        Image.open(SOURCE).convert("RGB").save(ppm)
        faces = [l.split()[1:] for l in run(exe, ppm, tmp, ["landmarks"]) if l.startswith("face")]
        assert len(faces) == 1, f"expected one face, found {len(faces)}"
        parts = [(int(faces[0][2 * i]), int(faces[0][2 * i + 1])) for i in range(68)]

        def centre(ids):
            return (sum(parts[i][0] for i in ids) / len(ids), sum(parts[i][1] for i in ids) / len(ids))

        base = [centre(range(36, 42)), centre(range(42, 48)), parts[30], centre([48, 54])]
        nx, ny = parts[30]
        cases = {  # name: (size, padding, points)
            "base": (300, 0.25, base),
            "half": (150, 0.25, base),
            "pyramid1": (48, 0.25, base),
            "pyramid2": (24, 0.25, base),
            "pyramid3": (12, 0.25, base),
            "rotated30": (300, 0.25, rotate(base, 30, nx, ny)),
            "rotated-70_pyramid": (40, 0.25, rotate(base, -70, nx, ny, 1.3)),
            "left_edge": (300, 0.25, [(x - 185, y) for x, y in base]),
            "bottom_right_corner": (120, 0.4, [(x + 270, y + 390) for x, y in base]),
            "outside": (64, 0.25, [(x + 2000, y) for x, y in base]),
            "mirrored": (300, 0.25, [(2 * nx - x, y) for x, y in base]),
            "padding0_odd": (301, 0.0, base),
            "padding05_rotated": (200, 0.5, rotate(base, 10, nx, ny)),
            "large_face": (100, 0.25, rotate(base, 5, nx, ny, 2.7)),
        }
        lines, rows = [], []
        for name, (size, padding, pts) in cases.items():
            fields = " ".join(f"{tx!r} {ty!r} {x!r} {y!r}" for (tx, ty), (x, y) in zip(TEMPLATE, pts))
            lines.append(f"pts {name} {size} {padding!r} {len(pts)} {fields}")
            rows.append(["pts", name, size, padding, pts])
        five = [parts[45], parts[42], parts[36], parts[39], parts[33]]
        for name, size, pts in [("dlib5", 300, five), ("dlib5_pyramid", 32, five)]:
            lines.append(f"face5 {name} {size} 0.25 " + " ".join(f"{x} {y}" for x, y in pts))
            rows.append(["face5", name, size, 0.25, pts])
        lines.append("pyr pyramid_down")
        out = run(exe, ppm, tmp, lines)
        details = {l.split()[0]: l.split()[1:] for l in out}
        for path in tmp.glob("*.ppm"):
            if path.name != "photo.ppm":
                Image.open(path).save(OUT / (path.stem + ".png"))
        with open(OUT / "cases.tsv", "w") as f:
            f.write("kind\tname\tsize\tpadding\tpoints (x y, dlib pixel-centre coordinates)\t"
                    "dlib rect left top right bottom, angle, rows, cols\n")
            for kind, name, size, padding, pts in rows:
                f.write(f"{kind}\t{name}\t{size}\t{padding!r}\t" + " ".join(f"{x!r} {y!r}" for x, y in pts)
                        + "\t" + " ".join(details[name]) + "\n")
        print(f"wrote {len(rows)} chips, pyramid_down {' x '.join(details['pyramid_down'])} to {OUT}")


if __name__ == "__main__":
    main()
