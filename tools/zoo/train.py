#!/usr/bin/env python3
"""Train the Fashion-MNIST model zoo and export it to ONNX (maintainer tool).

Offline and seeded: reads the Fashion-MNIST idx files from the Debian package
`dataset-fashion-mnist` (or --data DIR), trains every model listed in ZOO on
CPU, exports each one to ONNX (opset 17, dynamic batch), evaluates the
exported file with ONNX Runtime on the official 10,000-image test split and
writes/updates the manifest zoo.json next to the models.

    nice -n 19 python3 tools/zoo/train.py --out zoo/fashion
    nice -n 19 python3 tools/zoo/train.py --only resnet8_w16      # retrain one
    python3 tools/zoo/train.py --list

Every model has the same input contract: float32 [N,1,28,28], values in [0,1],
input name "input"; output "logits" [N,10]. Resizing and normalisation are part
of the graph.
"""
import argparse
import gzip
import hashlib
import json
import math
import os
import random
import sys
import time
from collections import OrderedDict

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from models import (FMNIST_MEAN, FMNIST_STD, LeNet5, Linear, MLP,  # noqa: E402
                    MobileNet, Preprocess, ResNet, TTAEnsemble)

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DEFAULT_DATA = "/usr/share/datasets/fashion-mnist"
LABELS = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
OPSET = 17
BASE_SEED = 20240611

# ---------------------------------------------------------------------------
# The zoo. Order = training order (cheap models first).
#   build:   constructor of the torch module
#   opt:     "adamw" (no BatchNorm) or "sgd" (SGD + Nesterov momentum)
#   epochs:  at --epochs-scale 1.0
#   aug:     random crop (2 px zero padding) + horizontal flip
#   cl/bf16: channels_last memory format / bfloat16 autocast while training
#            (training-speed options only; the exported model is float32)
#   from:    derived model: wraps an already trained model, no training
# ---------------------------------------------------------------------------
ZOO = OrderedDict([
    ("linear", dict(
        build=lambda: Linear(), opt="adamw", lr=2e-3, wd=1e-4, epochs=10, aug=False,
        arch="Multinomial logistic regression: one fully connected layer 784 -> 10")),
    ("mlp", dict(
        build=lambda: MLP((256,)), opt="adamw", lr=1e-3, wd=1e-4, epochs=15, aug=False,
        arch="MLP 784-256-10, ReLU, dropout 0.2")),
    ("lenet5", dict(
        build=lambda: LeNet5(), opt="adamw", lr=2e-3, wd=1e-4, epochs=15, aug=True, cl=True,
        arch="LeNet-5: conv5x5(6)-maxpool-conv5x5(16)-maxpool-fc120-fc84-fc10, ReLU")),
    ("mobilenet_w025_r16", dict(
        build=lambda: MobileNet(0.25, 16), opt="sgd", lr=0.1, wd=5e-4, epochs=15, aug=True, cl=True,
        arch="MobileNet-v1 style depthwise-separable CNN, width multiplier 0.25, "
             "input resized in-graph to 16x16 (14 conv layers + fc)")),
    ("mobilenet_w025_r28", dict(
        build=lambda: MobileNet(0.25, 28), opt="sgd", lr=0.1, wd=5e-4, epochs=12, aug=True, cl=True,
        arch="MobileNet-v1 style depthwise-separable CNN, width multiplier 0.25, "
             "native 28x28 input (14 conv layers + fc)")),
    ("mobilenet_w050_r28", dict(
        build=lambda: MobileNet(0.5, 28), opt="sgd", lr=0.1, wd=5e-4, epochs=10, aug=True, cl=True,
        arch="MobileNet-v1 style depthwise-separable CNN, width multiplier 0.5, "
             "native 28x28 input (14 conv layers + fc)")),
    ("mobilenet_w100_r16", dict(
        build=lambda: MobileNet(1.0, 16), opt="sgd", lr=0.1, wd=5e-4, epochs=10, aug=True, cl=True,
        arch="MobileNet-v1 style depthwise-separable CNN, width multiplier 1.0, "
             "input resized in-graph to 16x16 (14 conv layers + fc)")),
    ("resnet8_w16", dict(
        build=lambda: ResNet(8, 16), opt="sgd", lr=0.1, wd=5e-4, epochs=12, aug=True, cl=True, bf16=True,
        arch="ResNet-8 (CIFAR-style, 3 stages x 1 basic block), widths 16/32/64")),
    ("resnet20_w32", dict(
        build=lambda: ResNet(20, 32), opt="sgd", lr=0.1, wd=5e-4, epochs=8, aug=True, cl=True, bf16=True,
        arch="ResNet-20 (CIFAR-style, 3 stages x 3 basic blocks), 2x wide: widths 32/64/128")),
    ("resnet20_w32_tta10", dict(
        derive="resnet20_w32", views=10,
        arch="Test-time-augmentation ensemble of resnet20_w32: the trained network is run on "
             "10 views (identity, 1-px shifts up/down/left/right, and the horizontal flips of "
             "these) in one batch inside the graph; softmax probabilities are averaged, "
             "output = log of the mean probability")),
])
ON_DEVICE = "mobilenet_w025_r16"


def log(msg):
    print(time.strftime("%H:%M:%S"), msg, flush=True)


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------
def read_idx(path):
    """Read an idx file (optionally gzip-compressed) into a numpy array."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype, ndim = data[0] * 256 + data[1], data[2], data[3]
    assert zero == 0 and dtype == 0x08, f"{path}: not an unsigned-byte idx file"
    shape = tuple(int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def find_file(dirs, stem):
    for d in dirs:
        for name in (stem + ".gz", stem):
            p = os.path.join(d, name)
            if os.path.exists(p):
                return p
    raise FileNotFoundError(f"{stem}(.gz) not found in {dirs}; "
                            "install it with: apt-get install dataset-fashion-mnist")


def load_data(data_dir):
    dirs = [data_dir, os.path.join(REPO, "data", "fashion-mnist")]
    out = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        x = read_idx(find_file(dirs, f"{prefix}-images-idx3-ubyte"))
        y = read_idx(find_file(dirs, f"{prefix}-labels-idx1-ubyte"))
        out[split] = (torch.from_numpy(x.copy()).unsqueeze(1), torch.from_numpy(y.astype(np.int64)))
    assert out["train"][0].shape == (60000, 1, 28, 28) and out["test"][0].shape == (10000, 1, 28, 28)
    return out


def augment(x, gen):
    """Random crop with 2 px zero padding and random horizontal flip (x: float [B,1,28,28])."""
    b = x.shape[0]
    xp = F.pad(x, (2, 2, 2, 2))
    oy = torch.randint(0, 5, (b,), generator=gen)
    ox = torch.randint(0, 5, (b,), generator=gen)
    ar = torch.arange(28)
    rows = (oy[:, None] + ar)[:, :, None]          # [B,28,1]
    cols = (ox[:, None] + ar)[:, None, :]          # [B,1,28]
    x = xp[torch.arange(b)[:, None, None], 0, rows, cols].unsqueeze(1)
    flip = torch.rand(b, generator=gen) < 0.5
    x[flip] = x[flip].flip(3)
    return x


# ---------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------
def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def model_seed(name):
    return BASE_SEED + int(hashlib.sha256(name.encode()).hexdigest()[:6], 16)


def make_optimizer(model, spec):
    decay = [p for p in model.parameters() if p.ndim > 1]
    no_decay = [p for p in model.parameters() if p.ndim <= 1]
    groups = [{"params": decay, "weight_decay": spec["wd"]},
              {"params": no_decay, "weight_decay": 0.0}]
    if spec["opt"] == "sgd":
        return torch.optim.SGD(groups, lr=spec["lr"], momentum=0.9, nesterov=True)
    return torch.optim.AdamW(groups, lr=spec["lr"])


def lr_at(step, total, base, warmup):
    if step < warmup:
        return base * (step + 1) / warmup
    t = (step - warmup) / max(1, total - warmup)
    return base * 0.5 * (1.0 + math.cos(math.pi * t))


def train_model(name, spec, data, args):
    seed = model_seed(name)
    seed_everything(seed)
    gen = torch.Generator().manual_seed(seed)
    model = spec["build"]()
    cl = spec.get("cl", False)
    bf16 = spec.get("bf16", False) and not args.no_bf16
    if cl:
        model = model.to(memory_format=torch.channels_last)
    xtr, ytr = data["train"]
    if args.limit_train:
        xtr, ytr = xtr[:args.limit_train], ytr[:args.limit_train]
    n = xtr.shape[0]
    bs = args.batch_size
    epochs = max(1, int(round(spec["epochs"] * args.epochs_scale)))
    steps_per_epoch = n // bs                      # drop the last partial batch
    total = epochs * steps_per_epoch
    opt = make_optimizer(model, spec)
    warmup = min(200, total // 10)
    params = sum(p.numel() for p in model.parameters())
    log(f"[{name}] params={params} epochs={epochs} steps={total} seed={seed} "
        f"opt={spec['opt']} lr={spec['lr']} aug={spec['aug']} channels_last={cl} bf16={bf16}")
    t0 = time.time()
    step = 0
    for ep in range(epochs):
        model.train()
        perm = torch.randperm(n, generator=gen)
        loss_sum, correct, seen = 0.0, 0, 0
        te = time.time()
        for i in range(steps_per_epoch):
            idx = perm[i * bs:(i + 1) * bs]
            xb = xtr[idx].float().div_(255.0)
            yb = ytr[idx]
            if spec["aug"]:
                xb = augment(xb, gen)
            if cl:
                xb = xb.contiguous(memory_format=torch.channels_last)
            for g in opt.param_groups:
                g["lr"] = lr_at(step, total, spec["lr"], warmup)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                out = model(xb)
            loss = F.cross_entropy(out.float(), yb)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            step += 1
            loss_sum += loss.item() * yb.numel()
            correct += (out.argmax(1) == yb).sum().item()
            seen += yb.numel()
        log(f"[{name}] epoch {ep + 1}/{epochs} loss={loss_sum / seen:.4f} "
            f"train_acc={correct / seen:.4f} ({time.time() - te:.0f}s)")
    secs = time.time() - t0
    model = model.to(memory_format=torch.contiguous_format).eval()
    return model, dict(epochs=epochs, seconds=round(secs, 1), seed=seed, optimizer=spec["opt"],
                       lr=spec["lr"], weight_decay=spec["wd"], batch_size=bs,
                       augmentation="random crop (pad 2) + horizontal flip" if spec["aug"] else None,
                       schedule="linear warm-up + cosine decay")


@torch.no_grad()
def torch_accuracy(model, data):
    model.eval()
    x, y = data["test"]
    correct = 0
    for i in range(0, x.shape[0], 1000):
        correct += (model(x[i:i + 1000].float() / 255.0).argmax(1) == y[i:i + 1000]).sum().item()
    return correct / x.shape[0]


# ---------------------------------------------------------------------------
# Export + evaluation
# ---------------------------------------------------------------------------
def export_onnx(model, path):
    model.eval()
    dummy = torch.rand(1, 1, 28, 28)
    kwargs = dict(input_names=["input"], output_names=["logits"], opset_version=OPSET,
                  dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                  do_constant_folding=True)
    try:
        torch.onnx.export(model, (dummy,), path, dynamo=False, **kwargs)
    except TypeError:  # older torch without the dynamo argument
        torch.onnx.export(model, (dummy,), path, **kwargs)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m, full_check=True)
    # pin the declared output shape to [batch, 10] (the tracer leaves the class
    # dimension symbolic for some graphs, e.g. the TTA ensemble)
    out_dims = m.graph.output[0].type.tensor_type.shape.dim
    out_dims[1].Clear()
    out_dims[1].dim_value = 10
    onnx.checker.check_model(m, full_check=True)
    m.doc_string = ""
    onnx.save(m, path)


def ort_session(path, threads=1):
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    so.log_severity_level = 3
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def ort_accuracy(path, data):
    sess = ort_session(path, threads=1)
    x, y = data["test"]
    x = (x.numpy().astype(np.float32) / 255.0)
    y = y.numpy()
    correct = 0
    for i in range(0, x.shape[0], 500):
        logits = sess.run(["logits"], {"input": x[i:i + 500]})[0]
        assert logits.shape == (min(500, x.shape[0] - i), 10)
        correct += int((logits.argmax(1) == y[i:i + 500]).sum())
    return correct / x.shape[0]


def ort_latency_ms(path, runs=300, warmup=30, threads=1):
    sess = ort_session(path, threads)
    x = np.random.default_rng(0).random((1, 1, 28, 28), dtype=np.float32)
    for _ in range(warmup):
        sess.run(None, {"input": x})
    ts = []
    budget = time.perf_counter() + 20.0          # cap the time spent on slow models
    for _ in range(runs):
        t = time.perf_counter()
        sess.run(None, {"input": x})
        ts.append(time.perf_counter() - t)
        if time.perf_counter() > budget and len(ts) >= 50:
            break
    return float(np.median(ts) * 1e3)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------------------
# Manifest
# ---------------------------------------------------------------------------
def manifest_entry(name, spec, model, file, out_dir, top1, training, params):
    res = next(m.resolution for m in model.modules() if isinstance(m, Preprocess))
    note = (f"normalisation (x - {FMNIST_MEAN}) / {FMNIST_STD} inside the graph"
            if res == 28 else
            f"bilinear resize to {res}x{res} and normalisation (x - {FMNIST_MEAN}) / {FMNIST_STD} "
            "inside the graph")
    return OrderedDict([
        ("name", name),
        ("file", file),
        ("sha256", sha256_of(os.path.join(out_dir, file))),
        ("top1", round(top1, 4)),
        ("on_device", name == ON_DEVICE),
        ("architecture", spec["arch"]),
        ("parameters", params),
        ("input", OrderedDict([("name", "input"), ("shape", [-1, 1, 28, 28]), ("datatype", "FP32")])),
        ("output", OrderedDict([("name", "logits"), ("shape", [-1, 10])])),
        ("preprocessing", OrderedDict([
            ("layout", "NCHW"), ("color", "grayscale"), ("scale", "0..1"), ("resize", None),
            ("mean", [0.0]), ("std", [1.0]), ("note", note)])),
        ("opset", OPSET),
        ("training", training),
    ])


def write_manifest(out_dir, entries):
    path = os.path.join(out_dir, "zoo.json")
    old = OrderedDict()
    if os.path.exists(path):
        with open(path) as f:
            for m in json.load(f, object_pairs_hook=OrderedDict).get("models", []):
                old[m["name"]] = m
    old.update(entries)
    models = [old[n] for n in ZOO if n in old] + [m for n, m in old.items() if n not in ZOO]
    doc = OrderedDict([
        ("name", "fashion"),
        ("dataset", "fashion-mnist"),
        ("labels", LABELS),
        ("models", models),
        ("input_contract", "float32 tensor [N,1,28,28] named 'input': the raw 28x28 grayscale "
                           "Fashion-MNIST image, pixel/255 so values in [0,1], 0 = background; "
                           "any resizing and mean/std normalisation happens inside the graph. "
                           "Output 'logits' float32 [N,10] in label order; argmax = class."),
        ("top1_measured_with", "onnxruntime CPU on the exported .onnx file, 10,000-image test split"),
        ("generated_by", "tools/zoo/train.py"),
    ])
    with open(path, "w") as f:
        json.dump(doc, f, indent=2)
        f.write("\n")
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(REPO, "zoo", "fashion"), help="output directory")
    ap.add_argument("--data", default=DEFAULT_DATA, help="directory with the Fashion-MNIST idx(.gz) files")
    ap.add_argument("--only", default=None, help="comma-separated model names to (re)build")
    ap.add_argument("--epochs-scale", type=float, default=1.0, help="multiply every model's epochs")
    ap.add_argument("--ckpt-dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "checkpoints"),
                    help="where trained torch weights are kept (not committed; used by derived models)")
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1, help="torch intra-op threads")
    ap.add_argument("--limit-train", type=int, default=0, help="use only the first N training images (smoke test)")
    ap.add_argument("--no-bf16", action="store_true", help="train everything in float32")
    ap.add_argument("--no-latency", action="store_true", help="skip the rough latency check")
    ap.add_argument("--list", action="store_true", help="list the models and exit")
    args = ap.parse_args()

    if args.list:
        for n, s in ZOO.items():
            print(f"{n:22s} {s['arch']}")
        return
    torch.set_num_threads(args.threads)
    names = list(ZOO) if not args.only else [n.strip() for n in args.only.split(",")]
    for n in names:
        if n not in ZOO:
            sys.exit(f"unknown model {n!r}; known: {', '.join(ZOO)}")
    os.makedirs(args.out, exist_ok=True)
    data = load_data(args.data)
    log(f"torch {torch.__version__}, threads={torch.get_num_threads()}, out={args.out}")

    trained, entries, t_all = {}, OrderedDict(), time.time()
    for name in names:
        spec = ZOO[name]
        if "derive" in spec:
            base = spec["derive"]
            if base not in trained:
                ckpt = os.path.join(args.ckpt_dir, f"{base}.pt")
                if os.path.exists(ckpt):
                    log(f"[{name}] loading base model {base} from {ckpt}")
                    m = ZOO[base]["build"]()
                    m.load_state_dict(torch.load(ckpt, map_location="cpu"))
                    trained[base] = (m.eval(), None)
                else:
                    log(f"[{name}] base {base} has no checkpoint: training it first")
                    trained[base] = train_model(base, ZOO[base], data, args)
            model = TTAEnsemble(trained[base][0], views=spec["views"]).eval()
            training = OrderedDict([("derived_from", base), ("views", spec["views"]), ("seconds", 0.0)])
        else:
            model, training = train_model(name, spec, data, args)
            trained[name] = (model, training)
            os.makedirs(args.ckpt_dir, exist_ok=True)
            torch.save(model.state_dict(), os.path.join(args.ckpt_dir, f"{name}.pt"))
        params = sum(p.numel() for p in model.parameters())
        # cross-check torch vs exported ONNX (skipped for the expensive TTA model)
        acc_t = None if "derive" in spec else torch_accuracy(model, data)
        file = f"{name}.onnx"
        path = os.path.join(args.out, file)
        export_onnx(model, path)
        acc = ort_accuracy(path, data)
        lat = None if args.no_latency else ort_latency_ms(path)
        log(f"[{name}] top1 torch={acc_t} onnx={acc:.4f} size={os.path.getsize(path) / 1e6:.2f}MB"
            + ("" if lat is None else f" latency(b=1, 1 thread, median)={lat:.3f}ms"))
        if acc_t is not None and abs(acc - acc_t) > 0.002:
            log(f"[{name}] WARNING: torch and onnx accuracy differ")
        entries[name] = manifest_entry(name, spec, model, file, args.out, acc, training, params)
        write_manifest(args.out, entries)
    log(f"done: {len(names)} models in {time.time() - t_all:.0f}s -> {os.path.join(args.out, 'zoo.json')}")


if __name__ == "__main__":
    main()
