"""Writes the test model that loads in ONNX Runtime but fails at run time on some inputs (once; the file is
committed, tests need no Python).

broken_lenet5.onnx is zoo/fashion's lenet5 with a guard added: the batch's largest input value, times 100 and cast
to int64, indexes a Gather over a table of 101 zeros, and the zero found is added to the logits. Every input of the
zoo's contract (pixel/255, values in [0, 1]) gives an index in [0, 100]: the model answers exactly as lenet5 does.
A batch holding a value above 1.0 (say 2.0: index 200) makes ONNX Runtime fail the run with "indices element out
of data bounds": a real runtime error, raised by the runtime on a model that loaded and passed every check, which a
test can bring about with one request and end with the next. The server's fault tests (mdi-server,
LocalMemberFailureTest) serve it beside linear and mlp (zoo.json beside it).

Run from the repository root with python3 and the onnx package (onnxruntime to check it):
    python3 tools/faults/make_broken_model.py
It prints the file's SHA-256 for zoo.json.
"""
import hashlib
import pathlib

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCE = ROOT / "zoo" / "fashion" / "lenet5.onnx"
OUT = ROOT / "mdi-server" / "src" / "test" / "resources" / "org" / "mdinference" / "server" / "broken-zoo"
NAME = "broken_lenet5.onnx"

model = onnx.load(str(SOURCE))
graph = model.graph
(output,) = graph.output
assert output.name == "logits", output.name
# lenet5's own last node now writes "lenet5_logits"; the guard adds the gathered zero to it as "logits"
for node in graph.node:
    for i, name in enumerate(node.output):
        if name == "logits":
            node.output[i] = "lenet5_logits"
graph.initializer.extend([
    numpy_helper.from_array(np.array(100.0, dtype=np.float32), "guard_scale"),
    numpy_helper.from_array(np.zeros(101, dtype=np.float32), "guard_table"),
])
graph.node.extend([
    helper.make_node("ReduceMax", ["input"], ["guard_max"], keepdims=0),
    helper.make_node("Mul", ["guard_max", "guard_scale"], ["guard_scaled"]),
    helper.make_node("Cast", ["guard_scaled"], ["guard_index"], to=TensorProto.INT64),
    helper.make_node("Gather", ["guard_table", "guard_index"], ["guard_zero"], axis=0),
    helper.make_node("Add", ["lenet5_logits", "guard_zero"], ["logits"]),
])
onnx.checker.check_model(model)
OUT.mkdir(parents=True, exist_ok=True)
onnx.save(model, str(OUT / NAME))
print(NAME, hashlib.sha256((OUT / NAME).read_bytes()).hexdigest())

try:
    import onnxruntime as ort
except ImportError:
    ort = None
if ort is not None:
    broken = ort.InferenceSession(str(OUT / NAME), providers=["CPUExecutionProvider"])
    lenet5 = ort.InferenceSession(str(SOURCE), providers=["CPUExecutionProvider"])
    good = np.random.default_rng(5).random((4, 1, 28, 28), dtype=np.float32)
    assert np.array_equal(broken.run(None, {"input": good})[0], lenet5.run(None, {"input": good})[0])
    poisoned = good.copy()
    poisoned[2, 0, 14, 14] = 2.0
    try:
        broken.run(None, {"input": poisoned})
        raise SystemExit("the poisoned batch ran")
    except Exception as e:  # onnxruntime's own error type differs between versions
        print("a value of 2.0 fails the run:", str(e).splitlines()[0])
