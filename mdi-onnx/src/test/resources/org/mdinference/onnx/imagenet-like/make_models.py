"""Writes the two tiny ImageNet-shaped test models (once; their files are committed, tests need no Python).

Each model returns, as logits 0..2, the mean of each input channel and zeros for the other 997 classes, so a test
sees exactly what preprocessing fed in. channel_means_nchw takes [N, 3, 224, 224] (a torchvision export);
channel_means_nhwc takes [1, 224, 224, 3] (a Keras export with a fixed batch of one).
Run with python3 and the onnx package: python3 make_models.py
"""
import hashlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

W = np.zeros((3, 1000), dtype=np.float32)
for c in range(3):
    W[c, c] = 1.0


def model(name, input_shape, nhwc):
    nodes, pooled_from = [], "input"
    if nhwc:
        nodes.append(helper.make_node("Transpose", ["input"], ["nchw"], perm=[0, 3, 1, 2]))
        pooled_from = "nchw"
    nodes += [helper.make_node("GlobalAveragePool", [pooled_from], ["pooled"]),
              helper.make_node("Flatten", ["pooled"], ["flat"], axis=1),
              helper.make_node("MatMul", ["flat", "W"], ["logits"])]
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, input_shape)],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [input_shape[0], 1000])],
        [numpy_helper.from_array(W, "W")])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="mdi-onnx tests")
    m.ir_version = 8
    onnx.checker.check_model(m)
    onnx.save(m, name + ".onnx")
    print(name, hashlib.sha256(open(name + ".onnx", "rb").read()).hexdigest())


model("channel_means_nchw", ["N", 3, 224, 224], False)
model("channel_means_nhwc", [1, 224, 224, 3], True)
