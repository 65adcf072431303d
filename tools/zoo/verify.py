#!/usr/bin/env python3
"""Check the committed Fashion-MNIST zoo (maintainer tool).

For every model in zoo.json: sha256 matches, onnx.checker passes, opset 17,
input 'input' [batch,1,28,28] / output 'logits' [batch,10] with a dynamic batch,
batch sizes 1 and 7 run in ONNX Runtime and give [N,10]; top-1 on the committed
test split (data/fashion-mnist) matches the manifest; rough batch-1 latency
(median of a few hundred runs after warm-up) with 1 (and optionally 2) intra-op
threads. Prints a table and the accuracy/latency Pareto front.

    python3 tools/zoo/verify.py                 # full check
    python3 tools/zoo/verify.py --no-accuracy   # skip the 10k-image evaluation
    python3 tools/zoo/verify.py --threads 1,2

Latency numbers are a rough maintainer-side check in Python; the Java side
measures properly.
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train import REPO, read_idx  # noqa: E402


def session(path, threads):
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def latency_ms(sess, runs, warmup=50, cap_s=15.0):
    x = np.random.default_rng(1).random((1, 1, 28, 28), dtype=np.float32)
    for _ in range(warmup):
        sess.run(None, {"input": x})
    ts, end = [], time.perf_counter() + cap_s
    for _ in range(runs):
        t = time.perf_counter()
        sess.run(None, {"input": x})
        ts.append(time.perf_counter() - t)
        if time.perf_counter() > end and len(ts) >= 50:
            break
    return float(np.median(ts) * 1e3)


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--zoo", default=os.path.join(REPO, "zoo", "fashion", "zoo.json"))
    ap.add_argument("--data", default=os.path.join(REPO, "data", "fashion-mnist"))
    ap.add_argument("--threads", default="1", help="comma-separated intra-op thread counts for latency")
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--no-accuracy", action="store_true")
    ap.add_argument("--only", default=None)
    args = ap.parse_args()

    with open(args.zoo) as f:
        zoo = json.load(f)
    root = os.path.dirname(os.path.abspath(args.zoo))
    assert zoo["name"] == "fashion" and zoo["dataset"] == "fashion-mnist" and len(zoo["labels"]) == 10
    assert list(zoo)[:4] == ["name", "dataset", "labels", "models"], list(zoo)
    assert sum(m["on_device"] for m in zoo["models"]) == 1, "exactly one on-device model expected"
    threads = [int(t) for t in args.threads.split(",")]
    if not args.no_accuracy:
        x = read_idx(os.path.join(args.data, "t10k-images-idx3-ubyte.gz")).astype(np.float32)[:, None] / 255.0
        y = read_idx(os.path.join(args.data, "t10k-labels-idx1-ubyte.gz")).astype(np.int64)

    rows, failures, total_bytes = [], 0, 0
    for m in zoo["models"]:
        if args.only and m["name"] not in args.only.split(","):
            continue
        path = os.path.join(root, m["file"])
        problems = []
        data = open(path, "rb").read()
        total_bytes += len(data)
        if hashlib.sha256(data).hexdigest() != m["sha256"]:
            problems.append("sha256 mismatch")
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        opsets = {o.domain: o.version for o in model.opset_import}
        if opsets.get("", opsets.get("ai.onnx")) != 17:
            problems.append(f"opset {opsets}")
        inp, out = model.graph.input, model.graph.output
        if [i.name for i in inp] != ["input"] or [o.name for o in out] != ["logits"]:
            problems.append("io names")
        di, do = dims(inp[0]), dims(out[0])
        if not (isinstance(di[0], str) and di[1:] == [1, 28, 28] and isinstance(do[0], str) and do[1:] == [10]):
            problems.append(f"io shapes {di} {do}")
        s1 = session(path, 1)
        for n in (1, 7):
            o = s1.run(["logits"], {"input": np.random.default_rng(n).random((n, 1, 28, 28), dtype=np.float32)})[0]
            if o.shape != (n, 10) or o.dtype != np.float32 or not np.isfinite(o).all():
                problems.append(f"batch {n}: {o.shape} {o.dtype}")
        top1 = None
        if not args.no_accuracy:
            correct = 0
            for i in range(0, len(y), 500):
                correct += int((s1.run(["logits"], {"input": x[i:i + 500]})[0].argmax(1) == y[i:i + 500]).sum())
            top1 = correct / len(y)
            if abs(top1 - m["top1"]) > 1e-4:
                problems.append(f"top1 {top1} != manifest {m['top1']}")
        lat = {t: latency_ms(session(path, t), args.runs) for t in threads}
        failures += bool(problems)
        rows.append((m, top1, lat, len(data)))
        print(f"{m['name']:22s} params={m['parameters']:>9d} size={len(data) / 1e6:6.2f}MB "
              f"top1={m['top1']:.4f}" + ("" if top1 is None else f" (re-measured {top1:.4f})") + " "
              + " ".join(f"lat[{t}t]={v:8.3f}ms" for v, t in zip(lat.values(), lat))
              + (" on_device" if m["on_device"] else "")
              + ("  PROBLEMS: " + "; ".join(problems) if problems else "  ok"), flush=True)

    t0 = threads[0]
    front = [r for r in rows if not any(
        o[2][t0] <= r[2][t0] and o[0]["top1"] >= r[0]["top1"] and
        (o[2][t0] < r[2][t0] or o[0]["top1"] > r[0]["top1"]) for o in rows)]
    front.sort(key=lambda r: r[2][t0])
    print(f"\ntotal size {total_bytes / 1e6:.2f} MB; "
          f"latency range {min(r[2][t0] for r in rows):.3f} .. {max(r[2][t0] for r in rows):.3f} ms ({t0} thread); "
          f"top1 range {min(r[0]['top1'] for r in rows):.4f} .. {max(r[0]['top1'] for r in rows):.4f}")
    print(f"Pareto front ({len(front)}): " + ", ".join(r[0]["name"] for r in front))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
