#!/usr/bin/env python3
"""Records Pillow's verdicts on mutated copies of the decoder fixtures.

Writes src/test/resources/fixtures/decode-mutations.json: for each mutation, its recipe (the
source fixture under fixtures/decode/ and one simple operation on its bytes) and what Pillow does
with the result on the reference path, Image.open(file).convert("RGB"): "accept" with the size and
the sha256 of the RGB bytes, or "reject" with the exception's class and message. The file holds
recipes, not mutated images: ImageDecoderMutationTest re-creates each mutation with the same
operations and holds ImageDecoder's verdict against Pillow's.

Operations, all on the source's bytes `a` (and `b`, another fixture of the same format):
  truncate  {"length": n}                      a[:n]
  flip      {"offset": i, "bit": k}            a with bit k (0 = least significant) of byte i inverted
  splice    {"other": NAME, "at": i, "from": j}  a[:i] + b[j:]  (NAME may be the source itself)

Each fixture gets the same mix, seeded by its name (adding a fixture leaves the others' recipes as
they were): truncations and bit flips weighted towards the header and the last bytes, where
decoders' verdicts part, plus some anywhere, and splices of its head onto another file's tail.

Run with Debian's Pillow 9.4, the version the decode fixtures were made with:
  apt-get install python3-pil python3-numpy; /usr/bin/python3 tools/make_decode_mutations.py
"""
import hashlib
import json
import os
import random
import sys
import tempfile
import warnings

import PIL
from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "fixtures")
SOURCES = os.path.join(ROOT, "decode")
OUT = os.path.join(ROOT, "decode-mutations.json")
HEAD = 96  # bytes counted as the header region
TAIL = 32  # bytes counted as the tail region


def sources():
    names = [n for n in os.listdir(SOURCES)
             if not n.endswith((".decoded.png", ".transposed.png")) and n != "README.md"]
    return sorted(names)


def extension(name):
    return name.rsplit(".", 1)[1]


def apply(recipe, data):
    """The one place the operations are defined; ImageDecoderMutationTest mirrors it."""
    op = recipe["op"]
    if op == "truncate":
        return data[:recipe["length"]]
    if op == "flip":
        out = bytearray(data)
        out[recipe["offset"]] ^= 1 << recipe["bit"]
        return bytes(out)
    if op == "splice":
        return data[:recipe["at"]] + data_of(recipe["other"])[recipe["from"]:]
    raise ValueError(op)


def data_of(name):
    with open(os.path.join(SOURCES, name), "rb") as f:
        return f.read()


def recipes_for(name, same_format):
    n = len(data_of(name))
    rng = random.Random("decode-mutations/" + name)
    head = min(HEAD, n - 1)
    recipes = []

    def add(op, **params):
        recipes.append({"source": name, "op": op, **params})

    # Truncations: at the last byte, a few bytes short, inside the header, anywhere.
    add("truncate", length=n - 1)
    add("truncate", length=n - rng.randint(2, TAIL))
    add("truncate", length=rng.randint(1, head))
    add("truncate", length=rng.randint(head, n - 1))
    # Bit flips: two in the header, one in the tail, two anywhere.
    for lo, hi in ((0, head), (0, head), (n - TAIL, n - 1), (0, n - 1), (0, n - 1)):
        add("flip", offset=rng.randint(max(lo, 0), hi), bit=rng.randrange(8))
    # Splices: this file's head onto the tail of another file of the same format, and this file
    # with a stretch cut out or repeated.
    other = rng.choice(same_format)
    m = len(data_of(other))
    add("splice", other=other, at=rng.randint(1, n - 1), **{"from": rng.randint(0, m - 1)})
    at = rng.randint(1, n - 1)
    start = at
    while start == at:  # a splice at its own offset would be the file unchanged
        start = min(n - 1, max(0, at + rng.choice((-1, 1)) * rng.randint(1, 64)))
    add("splice", other=name, at=at, **{"from": start})
    return recipes


def pillow_verdict(data):
    with tempfile.NamedTemporaryFile(suffix=".img") as f:
        f.write(data)
        f.flush()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with Image.open(f.name) as image:
                    fmt = image.format
                    rgb = image.convert("RGB")
        except Exception as e:  # any exception is Pillow's "reject"
            return {"verdict": "reject", "error": f"{type(e).__name__}: {e}".replace(f.name, "FILE")}
    return {"verdict": "accept", "format": fmt, "size": list(rgb.size),
            "rgb_sha256": hashlib.sha256(rgb.tobytes()).hexdigest()}


def main():
    names = sources()
    by_format = {}
    for name in names:
        by_format.setdefault(extension(name).replace("jpg", "jpeg"), []).append(name)
    mutations = []
    for name in names:
        fmt = extension(name).replace("jpg", "jpeg")
        for recipe in recipes_for(name, by_format[fmt]):
            verdict = pillow_verdict(apply(recipe, data_of(name)))
            mutations.append({"id": len(mutations), **recipe, "pillow": verdict})
    doc = {
        "about": "Pillow's verdicts on mutated decoder fixtures; made by tools/make_decode_mutations.py",
        "pillow": PIL.__version__,
        "reference": "Image.open(file).convert('RGB'): accept (size, sha256 of the RGB bytes) or reject (exception)",
        "mutations": mutations,
    }
    with open(OUT, "w") as f:  # one mutation a line, for readable diffs
        head = json.dumps({k: v for k, v in doc.items() if k != "mutations"}, indent=1)[:-2]
        f.write(head + ',\n "mutations": [\n')
        f.write(",\n".join("  " + json.dumps(m) for m in mutations))
        f.write("\n ]\n}\n")
    counts = {}
    for m in mutations:
        key = (extension(m["source"]).replace("jpg", "jpeg"), m["op"], m["pillow"]["verdict"])
        counts[key] = counts.get(key, 0) + 1
    for key in sorted(counts):
        print(*key, counts[key])
    print(len(mutations), "mutations, Pillow", PIL.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
