#!/usr/bin/python3
"""Trains Vigil's block-corruption model and exports it to ONNX.

Reads datasets written by `bin/vigil ml-dataset` (inputs.u8 + labels.csv), fits a compact CNN on the
training split, picks the decision threshold that maximises F1 on the tuning split, and writes
  <out>/corruption-v2.onnx   input "luma" [N,2,144,256] float, (pixel - 128) / 64: channel 0 the sampled frame,
                             channel 1 the frame decoded just before it; output "score" [N,1] in 0..1
  <out>/training.json        threshold, parameter count, tuning-split figures
Deterministic: fixed seeds, deterministic algorithms, a fixed number of CPU threads.
Run with Debian's /usr/bin/python3 (python3-torch, python3-onnx, python3-numpy); see ml/README.md.
"""
import argparse
import csv
import json
import os
import random

import numpy as np
import torch
import torch.nn as nn

WIDTH, HEIGHT = 256, 144
MEAN, STD = 128.0, 64.0


def load(folder, frames=2):
    """Inputs [n, frames, H, W]: the labelled frame, then (frames == 2) the frame decoded just before it."""
    with open(os.path.join(folder, "labels.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r.get("inputHeight")]  # a cut-off last line has no last field
    x = np.fromfile(os.path.join(folder, "inputs.u8"), dtype=np.uint8)
    planes = [x]
    if frames == 2:
        planes.append(np.fromfile(os.path.join(folder, "previous.u8"), dtype=np.uint8))
    n = min([len(rows)] + [len(p) // (WIDTH * HEIGHT) for p in planes])  # a generation stopped early: keep what all files hold
    rows = rows[:n]
    x = np.stack([p[:n * WIDTH * HEIGHT].reshape(n, HEIGHT, WIDTH) for p in planes], axis=1)
    y = np.array([int(r["corrupt"]) for r in rows], dtype=np.float32)
    return x, y, rows


class CorruptionNet(nn.Module):
    """Four strided 3x3 conv blocks (144x256 -> 9x16), then global mean and max pooling: corruption is often
    local (a few damaged macroblocks), which the max keeps, while the mean describes the whole picture.
    Temporal (frames == 2): the convolutions see the frame and its change since the previous frame
    (current - previous, computed inside the model so that the input stays two plain luma images)."""

    def __init__(self, frames=2):
        super().__init__()
        self.frames = frames
        chans = [frames, 8, 16, 32, 48]
        layers = []
        for cin, cout in zip(chans, chans[1:]):
            layers += [nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU()]
        self.features = nn.Sequential(*layers)
        self.head = nn.Sequential(nn.Linear(2 * chans[-1], 16), nn.ReLU(), nn.Linear(16, 1))

    def forward(self, x):
        if self.frames == 2:
            x = torch.cat([x[:, :1], x[:, :1] - x[:, 1:]], dim=1)
        f = self.features(x)
        pooled = torch.cat([f.mean(dim=(2, 3)), f.amax(dim=(2, 3))], dim=1)
        return torch.sigmoid(self.head(pooled))


def normalise(x):
    return (torch.from_numpy(x).float() - MEAN) / STD


def scores(model, x, batch=256):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            out.append(model(normalise(x[i:i + batch])).squeeze(1).numpy())
    return np.concatenate(out)


def prf(pred, y):
    tp = float(((pred == 1) & (y == 1)).sum())
    fp = float(((pred == 1) & (y == 0)).sum())
    fn = float(((pred == 0) & (y == 1)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--tune", help="tuning split; when left out, only fit and save the weights")
    ap.add_argument("--weights", help="where to save (after fitting) or load (with --skip-fit) the weights")
    ap.add_argument("--skip-fit", action="store_true", help="load --weights instead of fitting")
    ap.add_argument("--out", default=".")
    ap.add_argument("--epochs", type=int, default=16)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--frames", type=int, choices=[1, 2], default=2,
                    help="2: the frame and the one decoded before it (corruption-v2); 1: the frame alone (as v1)")
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--gain", type=float, default=0.0,
                    help="random contrast change of up to this share (and brightness of up to 64x it in levels) per frame pair")
    args = ap.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    torch.use_deterministic_algorithms(True)

    x, y, rows = load(args.train, args.frames)
    print(f"train {len(y)} frames ({int(y.sum())} corrupt)")
    model = CorruptionNet(args.frames)
    params = sum(p.numel() for p in model.parameters())
    print(f"{params} parameters")
    if args.skip_fit:
        model.load_state_dict(torch.load(args.weights))
    else:
        fit(model, x, y, args, clip_balance(rows, y))
        if args.weights:
            torch.save(model.state_dict(), args.weights)
    if not args.tune:
        return
    xt, yt, _ = load(args.tune, args.frames)
    print(f"tune {len(yt)} frames ({int(yt.sum())} corrupt)")
    export(model, params, x, y, xt, yt, args)


def clip_balance(rows, y):
    """Per-frame loss weights that give each clip's clean and corrupt frames equal total weight. Without them the
    model learns content shortcuts: damage shows on every frame of busy content (cellular automata) but on few
    of smooth content, so "busy" alone would predict "corrupt"."""
    w = np.ones(len(y), dtype=np.float32)
    clips = {}
    for i, r in enumerate(rows):
        clips.setdefault(r["clip"], []).append(i)
    for idx in clips.values():
        idx = np.array(idx)
        pos = idx[y[idx] == 1]
        neg = idx[y[idx] == 0]
        if len(pos) and len(neg):
            w[pos] = len(idx) / (2.0 * len(pos))
            w[neg] = len(idx) / (2.0 * len(neg))
    return w


def fit(model, x, y, args, weights):
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * ((len(y) + 63) // 64))
    gen = np.random.default_rng(args.seed)
    for epoch in range(args.epochs):
        model.train()
        order = gen.permutation(len(y))
        total = 0.0
        right = 0
        for i in range(0, len(order), 64):
            idx = np.sort(order[i:i + 64])
            xb = normalise(x[idx])
            # mirror half the batch (both frames alike): corruption has no handedness
            flip = torch.from_numpy(gen.random(len(idx)) < 0.5)
            xb[flip] = xb[flip].flip(3)
            if args.gain > 0:
                # the same contrast and brightness change on both frames of a pair: content looks different, its
                # change over time keeps its shape
                g = torch.from_numpy(1 + args.gain * (2 * gen.random(len(idx)) - 1)).float().view(-1, 1, 1, 1)
                o = torch.from_numpy(args.gain * (2 * gen.random(len(idx)) - 1)).float().view(-1, 1, 1, 1)
                xb = xb * g + o
            yb = torch.from_numpy(y[idx]).unsqueeze(1)
            opt.zero_grad()
            pred = model(xb)
            loss = nn.functional.binary_cross_entropy(pred, yb, weight=torch.from_numpy(weights[idx]).unsqueeze(1))
            right += int(((pred >= 0.5).float() == yb).sum())
            loss.backward()
            opt.step()
            sched.step()
            total += loss.item() * len(idx)
        print(f"epoch {epoch + 1}: loss {total / len(y):.4f}, accuracy {right / len(y):.3f}", flush=True)


def export(model, params, x, y, xt, yt, args):
    st = scores(model, xt)
    fp_rate = lambda t: float(((st >= t) & (yt == 0)).sum()) / max(1.0, float((yt == 0).sum()))
    best = max(((prf((st >= t).astype(int), yt)[2], t) for t in np.arange(0.05, 0.96, 0.05)), key=lambda a: a[0])
    threshold = round(float(best[1]), 2)
    p, r, f1 = prf((st >= threshold).astype(int), yt)
    print(f"threshold {threshold}: tune P {p:.3f} R {r:.3f} F1 {f1:.3f} clean frames called corrupt {fp_rate(threshold):.3f}")

    os.makedirs(args.out, exist_ok=True)
    model.eval()
    path = os.path.join(args.out, "corruption-v2.onnx" if args.frames == 2 else "corruption-single-frame.onnx")
    torch.onnx.export(model, torch.zeros(1, args.frames, HEIGHT, WIDTH), path, input_names=["luma"], output_names=["score"],
                      dynamic_axes={"luma": {0: "batch"}, "score": {0: "batch"}}, opset_version=13,
                      do_constant_folding=True)
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump({"parameters": params, "threshold": threshold, "epochs": args.epochs, "seed": args.seed, "frames": args.frames,
                   "trainFrames": int(len(y)), "trainCorrupt": int(y.sum()), "tuneFrames": int(len(yt)),
                   "tune": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4)}}, f, indent=2)
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    main()
