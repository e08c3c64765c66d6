"""Inference-cost report for an exported model: ONNX Runtime CPU latency at batch 1 and 32, windows/s.

Run: .venv/bin/python -m ecgmon_model.bench [--model model/ecgmon-ptbxl.onnx]
Inputs are features of synthetic ECGs (latency does not depend on the values).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tqdm import tqdm

from . import features as F
from .network import INPUT_NAMES
from .spec import MODEL_DIR
from .synthetic import synthetic_ecg


def feeds_for(batch: int) -> dict[str, np.ndarray]:
    rows = [F.window_features(synthetic_ecg(100, 10.0, 60 + i, seed=i)) for i in range(batch)]
    meta = np.stack([F.metadata_features(50 + i, "female" if i % 2 else "male") for i in range(batch)])
    feeds = {name: np.stack([r[name] for r in rows]) for name in ("ecg", "fft", "spectrogram")}
    feeds["metadata"] = meta.astype(np.float32)
    return {n: feeds[n] for n in INPUT_NAMES}


def measure(session: ort.InferenceSession, batch: int, seconds: float) -> dict:
    feeds = feeds_for(batch)
    for _ in range(3):
        session.run(None, feeds)
    times = []
    deadline = time.perf_counter() + seconds
    with tqdm(desc=f"batch {batch}", unit="run", leave=False) as bar:
        while time.perf_counter() < deadline or len(times) < 10:
            start = time.perf_counter()
            session.run(None, feeds)
            times.append(time.perf_counter() - start)
            bar.update()
    ms = np.array(times) * 1000
    return {"batch": batch, "runs": len(times), "median_ms": float(np.median(ms)),
            "p95_ms": float(np.percentile(ms, 95)), "windows_per_s": float(batch / np.median(ms) * 1000)}


def main(argv=None):
    p = argparse.ArgumentParser(description="ONNX Runtime CPU latency/throughput report for the exported model.")
    p.add_argument("--model", type=Path, default=MODEL_DIR / "ecgmon-ptbxl.onnx")
    p.add_argument("--threads", type=int, default=2, help="intra-op threads")
    p.add_argument("--seconds", type=float, default=5.0, help="measuring time per batch size")
    p.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = p.parse_args(argv)
    options = ort.SessionOptions()
    options.intra_op_num_threads = args.threads
    session = ort.InferenceSession(str(args.model), options, providers=["CPUExecutionProvider"])
    report = {"model": args.model.name, "onnxruntime": ort.__version__, "threads": args.threads,
              "cpu": platform.processor() or platform.machine(), "cpu_count": os.cpu_count(),
              "load_average": os.getloadavg()[0],
              "results": [measure(session, b, args.seconds) for b in (1, 32)]}
    print(f"model {report['model']}  onnxruntime {report['onnxruntime']}  threads {args.threads}")
    print(f"{'batch':>5} {'median ms':>10} {'p95 ms':>8} {'windows/s':>10}")
    for r in report["results"]:
        print(f"{r['batch']:>5} {r['median_ms']:>10.2f} {r['p95_ms']:>8.2f} {r['windows_per_s']:>10.0f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
