#!/usr/bin/env python3
"""Write a golden file (reference outputs) for a CLIP face-attribute model directory.

Given a model directory laid out like syntheticbot/clip-face-attribute-classifier
(config.json, preprocessor_config.json, model.safetensors) and some images, this computes
what the Java engine must reproduce and stores it in the format of
src/test/resources/fixtures/*/golden.safetensors:

    pixel_values      F32 [N,3,S,S]   the model input, exactly as fed
    pooler_output     [N,hidden]      post_layernorm of the CLS token
    logits.age        [N,9]           age_head(pooler_output)
    logits.gender     [N,2]
    logits.race       [N,7]
    hidden_states.k   [N,T,hidden]    with --hidden-states: k=0 is the output of pre_layrnorm,
                                      k>0 the output of encoder layer k-1
    __metadata__      images (JSON list of file names, in batch order), path, dtype, versions

Outputs are F64 by default (the forward runs in float64); --dtype float32 runs and stores F32.

Two ways to compute them, chosen by --path (default: transformers when importable):
  transformers  transformers' own CLIPImageProcessor and CLIPVisionModel: the model's
                reference semantics. The heads are not part of CLIPVisionModel, so they are
                loaded here, strictly, from model.safetensors (the model card's example
                forgets them and runs random heads). The fallback runs too, as a cross-check:
                pixel_values must be identical, the rest agree to 1e-10 (float64).
  fallback      a plain-PyTorch forward and Pillow preprocessing written from the project's
                reference notes (docs/REFERENCE.md: pre_layrnorm, quick-GELU, CLS-only
                post_layernorm; CLIPImageProcessor's PIL path); needs only torch, numpy, Pillow.

This tool is optional for users and never needed by the engine at run time.
"""

import argparse
import json
import os
import struct
import sys

import numpy as np

try:
    import torch
    import torch.nn.functional as F
    from PIL import Image
    import PIL
except ImportError as e:  # torch, numpy and Pillow are the hard requirements
    sys.exit(f"make_golden: {e}. Install torch, numpy and Pillow "
             "(Debian: apt-get install python3-torch python3-numpy python3-pil).")

# The three heads of the published model and their output sizes (see docs/REFERENCE.md, Labels).
HEADS = {"age": 9, "gender": 2, "race": 7}

# Vision-tower key prefixes accepted in model.safetensors, most specific first:
# the model card's class (and the openai CLIPModel checkpoint), a CLIPVisionModel wrapped in
# that class, and a bare tower.
TOWER_PREFIXES = ("vision_model.vision_model.", "vision_model.", "")
TOWER_ROOTS = ("embeddings.", "encoder.", "pre_layrnorm.", "post_layernorm.")

# How far the transformers path may stray from the fallback (max abs diff over pooler_output
# and hidden states, relative to the tensor's largest value when that exceeds 1): two float64
# implementations agree to ~1e-15; float32 ones to ~1e-5 on ViT-L/14.
CROSS_CHECK_TOL = {"float64": 1e-10, "float32": 1e-4}

# What CLIPImageProcessor assumes when preprocessor_config.json leaves a key out.
OPENAI_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_CLIP_STD = [0.26862954, 0.26130258, 0.27577711]


class GoldenError(Exception):
    """A problem with the inputs, reported to the user without a traceback."""


# --------------------------------------------------------------------------------------------
# safetensors, by hand: the format is a u64 header length, a JSON header, then raw
# little-endian data. Reading it ourselves keeps the `safetensors` package optional.

ST_DTYPES = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4",
             "U8": "u1", "BF16": "<u2"}


def read_safetensors_header(path):
    """Return (header dict, byte offset of the data) after checking the header's bounds."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        if size < 8:
            raise GoldenError(f"{path}: too short to be a safetensors file")
        (n,) = struct.unpack("<Q", f.read(8))
        if n > 100_000_000 or n > size - 8:
            raise GoldenError(f"{path}: header length {n} is impossible for a {size}-byte file")
        try:
            header = json.loads(f.read(n).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise GoldenError(f"{path}: header is not UTF-8 JSON: {e}") from e
    data_start = 8 + n
    for name, info in header.items():
        if name == "__metadata__":
            continue
        try:
            begin, end = info["data_offsets"]
            count = int(np.prod(info["shape"], dtype=np.int64))
            dtype = info["dtype"]
        except (KeyError, TypeError, ValueError) as e:
            raise GoldenError(f"{path}: {name}: malformed header entry {info!r}") from e
        if dtype in ST_DTYPES:  # others (BOOL, I8, ...) are only rejected if read
            if end - begin != count * np.dtype(ST_DTYPES[dtype]).itemsize:
                raise GoldenError(f"{path}: {name}: data size does not match shape and dtype")
        if not 0 <= begin <= end <= size - data_start:
            raise GoldenError(f"{path}: {name}: data offsets {begin}..{end} lie outside the file")
    return header, data_start


def read_safetensors(path, wanted=None):
    """Read tensors (all, or those named in `wanted`) as numpy arrays.

    F16 and BF16 are widened to float32, as the engine does at load; other dtypes keep theirs.
    The file is memory-mapped, so only the tensors asked for are read from disk.
    """
    header, data_start = read_safetensors_header(path)
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    out = {}
    for name, info in header.items():
        if name == "__metadata__" or (wanted is not None and name not in wanted):
            continue
        if info["dtype"] not in ST_DTYPES:
            raise GoldenError(f"{path}: {name}: unsupported dtype {info['dtype']}")
        begin, end = info["data_offsets"]
        buf = raw[data_start + begin:data_start + end]
        a = np.frombuffer(buf, dtype=ST_DTYPES[info["dtype"]]).reshape(info["shape"])
        if info["dtype"] == "BF16":  # bfloat16 is the top half of a float32
            a = (a.astype(np.uint32) << 16).view(np.float32)
        elif info["dtype"] == "F16":
            a = a.astype(np.float32)
        out[name] = a
    return out, header.get("__metadata__", {})


def write_safetensors(path, tensors, metadata):
    """Write {name: numpy array} with a string->string metadata map.

    Tensors are laid out in name order; the header is padded with spaces to a multiple of 8
    bytes so that the data is aligned, as the safetensors package does.
    """
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        a = tensors[name]
        dtype = {np.dtype(np.float64): "F64", np.dtype(np.float32): "F32"}[a.dtype]
        data = np.ascontiguousarray(a, dtype=a.dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": list(a.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")  # as safetensors writes it
    head += b" " * (-len(head) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(head)))
        f.write(head)
        for data in blobs:
            f.write(data)


# --------------------------------------------------------------------------------------------
# Model directory: config and checkpoint.

def load_json(path):
    if not os.path.isfile(path):
        raise GoldenError(f"missing {path}")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_vision_config(model_dir):
    """The vision config as a dict: a flat CLIPVisionConfig, or the vision_config of a CLIPConfig.

    Every size is read from the file: transformers' class defaults are those of ViT-B/32.
    """
    config = load_json(os.path.join(model_dir, "config.json"))
    vision = config.get("vision_config", config)
    required = ("hidden_size", "intermediate_size", "num_attention_heads", "num_hidden_layers",
                "patch_size", "image_size")
    missing = [k for k in required if k not in vision]
    if missing:
        raise GoldenError(f"config.json: vision config lacks {', '.join(missing)}")
    if vision["hidden_size"] % vision["num_attention_heads"]:
        raise GoldenError("config.json: hidden_size is not a multiple of num_attention_heads")
    if vision["image_size"] % vision["patch_size"]:
        raise GoldenError("config.json: image_size is not a multiple of patch_size")
    return vision


def expected_tower_shapes(cfg):
    """Every vision-tower parameter, without prefix, and its shape as transformers defines it."""
    d, i = cfg["hidden_size"], cfg["intermediate_size"]
    p, c = cfg["patch_size"], cfg.get("num_channels", 3)
    tokens = (cfg["image_size"] // p) ** 2 + 1
    shapes = {
        "embeddings.class_embedding": [d],
        "embeddings.patch_embedding.weight": [d, c, p, p],
        "embeddings.position_embedding.weight": [tokens, d],
        "pre_layrnorm.weight": [d], "pre_layrnorm.bias": [d],
        "post_layernorm.weight": [d], "post_layernorm.bias": [d],
    }
    for layer in range(cfg["num_hidden_layers"]):
        pre = f"encoder.layers.{layer}."
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            shapes[f"{pre}self_attn.{proj}.weight"] = [d, d]
            shapes[f"{pre}self_attn.{proj}.bias"] = [d]
        for norm in ("layer_norm1", "layer_norm2"):
            shapes[f"{pre}{norm}.weight"] = [d]
            shapes[f"{pre}{norm}.bias"] = [d]
        shapes[f"{pre}mlp.fc1.weight"] = [i, d]
        shapes[f"{pre}mlp.fc1.bias"] = [i]
        shapes[f"{pre}mlp.fc2.weight"] = [d, i]
        shapes[f"{pre}mlp.fc2.bias"] = [d]
    return shapes


def load_checkpoint(model_dir, cfg):
    """Return (tower {unprefixed name: array}, heads {name: (weight, bias)}), checked strictly.

    Every tower parameter and every head key must be present with the right shape; keys under
    the tower's prefix that the config does not explain are an error too (they mean the config
    and the weights disagree). The text tower, projections, logit_scale and position_ids
    buffers are not needed and are ignored.
    """
    path = os.path.join(model_dir, "model.safetensors")
    if not os.path.isfile(path):
        raise GoldenError(f"missing {path}")
    header, _ = read_safetensors_header(path)
    names = [k for k in header if k != "__metadata__"]

    prefix = next((p for p in TOWER_PREFIXES if p + "embeddings.class_embedding" in header), None)
    if prefix is None:
        raise GoldenError(f"{path}: no vision tower found (looked for embeddings.class_embedding "
                          f"under the prefixes {', '.join(repr(p) for p in TOWER_PREFIXES)})")
    shapes = expected_tower_shapes(cfg)
    for head, out in HEADS.items():  # "@" marks a key stored without the tower's prefix
        shapes[f"@{head}_head.weight"] = [out, cfg["hidden_size"]]
        shapes[f"@{head}_head.bias"] = [out]

    def stored_name(key):  # heads sit at the top level whatever the tower's prefix
        return key[1:] if key.startswith("@") else prefix + key

    problems = []
    for key, shape in shapes.items():
        name = stored_name(key)
        if name not in header:
            problems.append(f"missing {name}")
        elif header[name]["shape"] != shape:
            problems.append(f"{name} has shape {header[name]['shape']}, expected {shape}")
    known = {stored_name(k) for k in shapes}
    for name in names:
        rest = name[len(prefix):] if name.startswith(prefix) else None
        if (rest is not None and rest.startswith(TOWER_ROOTS) and name not in known
                and not rest.endswith("position_ids")):
            problems.append(f"unexpected {name} (does config.json match the weights?)")
    if problems:
        raise GoldenError(f"{path}:\n  " + "\n  ".join(problems))

    arrays, _ = read_safetensors(path, wanted=known)
    tower = {k: arrays[stored_name(k)] for k in shapes if not k.startswith("@")}
    heads = {h: (arrays[f"{h}_head.weight"], arrays[f"{h}_head.bias"]) for h in HEADS}
    return tower, heads


# --------------------------------------------------------------------------------------------
# Preprocessing.

def open_images(paths):
    images = []
    for p in paths:
        if not os.path.isfile(p):
            raise GoldenError(f"missing image {p}")
        try:
            with Image.open(p) as im:
                im.load()
                images.append(im.copy())
        except OSError as e:
            raise GoldenError(f"{p}: Pillow cannot read it: {e}") from e
    return images


def preprocess_transformers(model_dir, images):
    # The Pillow/NumPy processor is what the engine reproduces; the torchvision one resizes
    # differently. transformers 5 names it CLIPImageProcessorPil (CLIPImageProcessor became
    # the torchvision one there); in 4.x the class CLIPImageProcessor itself is the Pillow one
    # (AutoImageProcessor could hand out the fast one instead, hence the explicit class).
    try:
        from transformers import CLIPImageProcessorPil as Processor
    except ImportError:
        from transformers import CLIPImageProcessor as Processor
    processor = Processor.from_pretrained(model_dir)
    return processor(images=images, return_tensors="np")["pixel_values"].astype(np.float32)


def edge_size(value, *names):
    """Read a size that preprocessor_config.json spells as an int (old) or a dict (new)."""
    if isinstance(value, int):
        return value
    for n in names:
        if n in value:
            return value[n]
    raise GoldenError(f"preprocessor_config.json: cannot read a size from {value!r}")


def preprocess_fallback(model_dir, images):
    """CLIPImageProcessor's PIL path (transformers 4.x), step by step as docs/REFERENCE.md gives it."""
    pp = load_json(os.path.join(model_dir, "preprocessor_config.json"))
    shortest = edge_size(pp.get("size", 224), "shortest_edge")
    crop = pp.get("crop_size", 224)
    crop_h, crop_w = (crop, crop) if isinstance(crop, int) else (crop["height"], crop["width"])
    resample = pp.get("resample", Image.BICUBIC)
    factor = pp.get("rescale_factor", 1 / 255)
    mean = np.array(pp.get("image_mean", OPENAI_CLIP_MEAN), dtype=np.float32)
    std = np.array(pp.get("image_std", OPENAI_CLIP_STD), dtype=np.float32)

    batch = []
    for im in images:
        # Pillow's own conversion: alpha dropped without compositing, no ICC, no EXIF rotation.
        im = im.convert("RGB")
        if pp.get("do_resize", True):
            w, h = im.size
            # Python int() truncates; the short side becomes exactly `shortest`.
            if w <= h:
                size = (shortest, int(shortest * h / w))
            else:
                size = (int(shortest * w / h), shortest)
            # Pillow returns an unfiltered copy when the size does not change, as transformers
            # relies on; reducing_gap=None is what transformers passes.
            im = im.resize(size, resample=resample, reducing_gap=None)
        x = np.asarray(im)  # uint8 [h, w, 3]
        if pp.get("do_center_crop", True):
            h, w = x.shape[:2]
            if crop_h > h or crop_w > w:
                raise GoldenError(f"crop {crop_h}x{crop_w} is larger than the resized image "
                                  f"{h}x{w}; the fallback does not pad")
            top, left = (h - crop_h) // 2, (w - crop_w) // 2  # floor, as transformers does
            x = x[top:top + crop_h, left:left + crop_w]
        if pp.get("do_rescale", True):
            # transformers rescales in float64 and then casts to float32.
            x = (x.astype(np.float64) * factor).astype(np.float32)
        else:
            x = x.astype(np.float32)
        if pp.get("do_normalize", True):
            x = (x - mean) / std  # float32 arithmetic, mean/std rounded to float32 first
        batch.append(np.ascontiguousarray(x.transpose(2, 0, 1)))  # HWC -> CHW
    return np.stack(batch)


# --------------------------------------------------------------------------------------------
# Forward passes. Both return (pooler_output, [hidden_states.0, ..., hidden_states.L]).

def forward_transformers(cfg, tower, pixel_values, dtype):
    from transformers import CLIPVisionConfig, CLIPVisionModel
    # Not "eager": since transformers ~4.48 its eager attention takes the softmax in float32
    # even in a float64 model, which would cap the golden file at ~1e-7. torch's SDPA keeps
    # the input dtype. (Older versions ignore the setting and use their native-dtype eager.)
    config = CLIPVisionConfig.from_dict(dict(cfg), attn_implementation="sdpa")
    model = CLIPVisionModel(config)
    state = {"vision_model." + k: torch.from_numpy(np.array(v)) for k, v in tower.items()}
    missing, unexpected = model.load_state_dict(state, strict=False)
    # position_ids is a buffer that the model builds itself; everything else must be loaded.
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise GoldenError(f"CLIPVisionModel did not take the weights: missing {missing}, "
                          f"unexpected {unexpected}")
    model = model.to(dtype).eval()
    with torch.no_grad():
        out = model(pixel_values=torch.from_numpy(pixel_values).to(dtype),
                    output_hidden_states=True)
    # L+1 entries, the first being the encoder's input (after pre_layrnorm), is what the
    # golden format's numbering assumes.
    if len(out.hidden_states) != cfg["num_hidden_layers"] + 1:
        raise GoldenError(f"transformers returned {len(out.hidden_states)} hidden states, "
                          f"expected {cfg['num_hidden_layers'] + 1}")
    return out.pooler_output, list(out.hidden_states)


def forward_fallback(cfg, tower, pixel_values, dtype):
    """transformers' CLIPVisionTransformer as docs/REFERENCE.md describes it, in plain PyTorch."""
    return forward_plain(cfg, fallback_weights(tower, dtype), torch.from_numpy(pixel_values).to(dtype))


def fallback_weights(tower, dtype):
    """The tower's arrays as torch tensors of `dtype` (a copy), keyed like `tower`."""
    return {k: torch.from_numpy(np.array(v)).to(dtype) for k, v in tower.items()}


def forward_plain(cfg, w, x, keep_hidden_states=True):
    """The fallback forward on ready tensors: weights `w` from fallback_weights, pixels `x`
    [n, channels, S, S] in the weights' dtype. Separate from forward_fallback so that a
    benchmark (tools/torch_bench.py) converts the weights once, not on every call, and an
    exporter (tools/export_onnx.py) can trace it. Without keep_hidden_states the list is empty
    and each layer's output can be freed as soon as the next one exists."""
    eps = cfg.get("layer_norm_eps", 1e-5)
    d = cfg["hidden_size"]
    heads = cfg["num_attention_heads"]
    head_dim = d // heads
    act = cfg.get("hidden_act", "quick_gelu")
    if act not in ("quick_gelu", "gelu"):
        raise GoldenError(f"config.json: hidden_act {act!r} is not supported by the fallback")

    def layer_norm(x, name):
        return F.layer_norm(x, (d,), w[name + ".weight"], w[name + ".bias"], eps)

    def linear(x, name):
        return F.linear(x, w[name + ".weight"], w[name + ".bias"])

    def split_heads(y):  # [n, t, d] -> [n, heads, t, head_dim]
        return y.view(y.shape[0], y.shape[1], heads, head_dim).transpose(1, 2)

    n = x.shape[0]
    patches = F.conv2d(x, w["embeddings.patch_embedding.weight"],
                       stride=cfg["patch_size"])                    # no bias
    patches = patches.flatten(2).transpose(1, 2)                    # [n, grid*grid, d], row-major
    cls = w["embeddings.class_embedding"].expand(n, 1, d)
    h = torch.cat([cls, patches], dim=1) + w["embeddings.position_embedding.weight"]
    h = layer_norm(h, "pre_layrnorm")                               # easy to forget; it is there
    hidden_states = [h] if keep_hidden_states else []
    for layer in range(cfg["num_hidden_layers"]):
        pre = f"encoder.layers.{layer}."
        t = h.shape[1]
        a = layer_norm(h, pre + "layer_norm1")
        q = split_heads(linear(a, pre + "self_attn.q_proj"))
        k = split_heads(linear(a, pre + "self_attn.k_proj"))
        v = split_heads(linear(a, pre + "self_attn.v_proj"))
        scores = (q @ k.transpose(-1, -2)) * head_dim ** -0.5
        a = (scores.softmax(dim=-1) @ v).transpose(1, 2).reshape(n, t, d)
        h = h + linear(a, pre + "self_attn.out_proj")

        m = linear(layer_norm(h, pre + "layer_norm2"), pre + "mlp.fc1")
        m = m * torch.sigmoid(1.702 * m) if act == "quick_gelu" else F.gelu(m)
        h = h + linear(m, pre + "mlp.fc2")
        if keep_hidden_states:
            hidden_states.append(h)
    pooled = layer_norm(h[:, 0, :], "post_layernorm")               # only CLS is post-normed
    return pooled, hidden_states


# --------------------------------------------------------------------------------------------

def transformers_available():
    try:
        import transformers  # noqa: F401
        return True
    except ImportError:
        return False


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="make_golden.py",
        description="Compute reference outputs of a CLIP face-attribute model (vision tower + "
                    "age/gender/race heads) and write them as a golden safetensors file.",
        epilog="Example: tools/make_golden.py src/test/resources/fixtures/tiny "
               "a.png b.png -o golden.safetensors --hidden-states")
    ap.add_argument("model_dir", help="directory with config.json, preprocessor_config.json, "
                                      "model.safetensors")
    ap.add_argument("images", nargs="+", help="image files, in batch order")
    ap.add_argument("-o", "--output", required=True, help="golden .safetensors file to write")
    ap.add_argument("--dtype", choices=("float64", "float32"), default="float64",
                    help="forward precision and stored dtype of the outputs (default float64); "
                         "pixel_values are always F32")
    ap.add_argument("--hidden-states", action="store_true",
                    help="also store hidden_states.0 (after pre_layrnorm) .. hidden_states.L")
    ap.add_argument("--path", choices=("auto", "transformers", "fallback"), default="auto",
                    help="auto (default): transformers if importable, else the fallback")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    if not os.path.isdir(args.model_dir):
        raise GoldenError(f"{args.model_dir} is not a directory")
    path = args.path
    if path == "auto":
        path = "transformers" if transformers_available() else "fallback"
    elif path == "transformers" and not transformers_available():
        raise GoldenError("--path transformers: transformers is not importable")
    dtype = {"float64": torch.float64, "float32": torch.float32}[args.dtype]

    cfg = load_vision_config(args.model_dir)
    tower, heads = load_checkpoint(args.model_dir, cfg)
    images = open_images(args.images)

    pixel_values = preprocess_fallback(args.model_dir, images)
    expected = (len(images), cfg.get("num_channels", 3), cfg["image_size"], cfg["image_size"])
    if pixel_values.shape != expected:
        raise GoldenError(f"preprocessing gives pixel_values {list(pixel_values.shape)}, the "
                          f"model takes {list(expected)}: preprocessor_config.json and "
                          "config.json disagree")
    pooled, hidden_states = forward_fallback(cfg, tower, pixel_values, dtype)
    if path == "transformers":
        # transformers' result is the one stored; the fallback computed above (docs/REFERENCE.md,
        # what the engine implements) must agree with it, or the golden file would test the
        # engine against something other than what it was written from.
        fallback_pixels, fallback_outputs = pixel_values, [pooled, *hidden_states]
        pixel_values = preprocess_transformers(args.model_dir, images)
        if not np.array_equal(pixel_values, fallback_pixels):
            raise GoldenError("transformers' CLIPImageProcessor and the docs/REFERENCE.md "
                              "preprocessing disagree (max abs diff "
                              f"{np.abs(pixel_values - fallback_pixels).max():.3g}); "
                              "--path fallback gives the docs/REFERENCE.md values")
        pooled, hidden_states = forward_transformers(cfg, tower, pixel_values, dtype)
        diff = max(((a - b).abs().max() / max(1.0, b.abs().max().item())).item()
                   for a, b in zip([pooled, *hidden_states], fallback_outputs))
        if diff > CROSS_CHECK_TOL[args.dtype]:
            raise GoldenError(f"transformers' CLIPVisionModel and the docs/REFERENCE.md forward "
                              f"disagree by {diff:.3g} (allowed "
                              f"{CROSS_CHECK_TOL[args.dtype]:g} in {args.dtype})")

    out = {"pixel_values": pixel_values, "pooler_output": pooled.numpy()}
    for name, (weight, bias) in heads.items():
        logits = F.linear(pooled, torch.from_numpy(np.array(weight)).to(dtype),
                          torch.from_numpy(np.array(bias)).to(dtype))
        out[f"logits.{name}"] = logits.numpy()
    if args.hidden_states:
        for k, h in enumerate(hidden_states):
            out[f"hidden_states.{k}"] = h.numpy()

    metadata = {
        "images": json.dumps([os.path.basename(p) for p in args.images]),
        "path": path,
        "dtype": args.dtype,
        "torch": torch.__version__,
        "PIL": PIL.__version__,
        "numpy": np.__version__,
    }
    if path == "transformers":
        import transformers
        metadata["transformers"] = transformers.__version__
        metadata["fallback_max_diff"] = repr(diff)
    write_safetensors(args.output, out, metadata)
    print(f"wrote {args.output}: {len(images)} image(s), {path} path, {args.dtype}")


if __name__ == "__main__":
    try:
        main()
    except GoldenError as e:
        sys.exit(f"make_golden: {e}")
