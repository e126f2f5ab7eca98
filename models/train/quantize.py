"""Writes onnx/model_quantized.onnx beside a model's onnx/model.onnx: weight-only int8.

Every 2-D float weight feeding a MatMul or Gather (the projections and embeddings) is stored as int8
with one scale per output column (per row for embeddings) and a DequantizeLinear node in front, so
the file is about four times smaller and arithmetic stays fp32. transformers.js loads it with
`dtype: 'q8'` (`corpus-audit score --dtype q8`).

    /usr/bin/python3 models/train/quantize.py models/mgt-classifier models/lm-observer ...
"""

import os
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper


def quantize(folder):
    src = os.path.join(folder, "onnx", "model.onnx")
    model = onnx.load(src)
    graph = model.graph
    inits = {i.name: i for i in graph.initializer}
    users = {}
    for node in graph.node:
        for k, name in enumerate(node.input):
            users.setdefault(name, []).append((node, k))
    done = 0
    for name, init in list(inits.items()):
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.ndim != 2 or w.size < 4096:
            continue
        uses = users.get(name, [])
        if not uses or not all(n.op_type in ("MatMul", "Gather") and k == (1 if n.op_type == "MatMul" else 0) for n, k in uses):
            continue
        # MatMul(x, W[in, out]): one scale per output column; Gather(W[vocab, d]): one per row.
        axis = 1 if uses[0][0].op_type == "MatMul" else 0
        reduce_axis = 1 - axis
        scale = np.abs(w).max(axis=reduce_axis) / 127.0
        scale[scale == 0] = 1.0
        q = np.clip(np.round(w / np.expand_dims(scale, reduce_axis)), -127, 127).astype(np.int8)
        graph.initializer.remove(init)
        graph.initializer.extend([
            numpy_helper.from_array(q, name + "_q"),
            numpy_helper.from_array(scale.astype(np.float32), name + "_scale"),
            numpy_helper.from_array(np.zeros(scale.shape, dtype=np.int8), name + "_zero"),
        ])
        graph.node.insert(0, helper.make_node(
            "DequantizeLinear", [name + "_q", name + "_scale", name + "_zero"], [name], axis=axis,
            name=name + "_dequantize",
        ))
        done += 1
    onnx.checker.check_model(model)
    out = os.path.join(folder, "onnx", "model_quantized.onnx")
    onnx.save(model, out)
    print(f"{out}: {done} weights int8, {os.path.getsize(src) / 1e6:.1f} MB -> {os.path.getsize(out) / 1e6:.1f} MB")


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        quantize(folder)
