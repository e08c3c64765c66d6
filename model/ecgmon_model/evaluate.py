"""Evaluates the exported ONNX model on PTB-XL records, e.g. the withheld fold 10.

Reads WFDB records, computes the spec's features with features.py, runs ONNX Runtime and reports
macro AUC and per-class metrics at the thresholds stored in the model card (never re-tuned here).

  .venv/bin/python -m ecgmon_model.evaluate --data data/ptbxl --fold 10
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from tqdm import tqdm

from . import features as F
from .metrics import evaluate
from .network import INPUT_NAMES
from .spec import MODEL_DIR, REPO_DIR
from .wfdb_io import LABELS, label_matrix, load_table, read_record


def card_of(model_path: Path) -> dict:
    props = {p.key: p.value for p in onnx.load(str(model_path), load_external_data=False).metadata_props}
    return json.loads(props["model_card"])


def record_feeds(root: Path, rows, use_hr: bool) -> dict[str, np.ndarray]:
    column = "filename_hr" if use_hr else "filename_lr"
    out = {name: [] for name in INPUT_NAMES}
    for row in tqdm(rows.itertuples(), total=len(rows), desc="records", unit="rec"):
        signal, rate, _ = read_record(root / getattr(row, column))
        feats = F.window_features(F.resample_to_spec(signal, rate)[:, : F.SPEC["window_samples"]])
        for name in ("ecg", "fft", "spectrogram"):
            out[name].append(feats[name])
        out["metadata"].append(F.metadata_features(row.age, row.sex, row.height, row.weight).astype(np.float32))
    return {k: np.stack(v) for k, v in out.items()}


def main(argv=None):
    p = argparse.ArgumentParser(description="Evaluate the exported model on PTB-XL records (macro AUC, per class).")
    p.add_argument("--data", type=Path, default=REPO_DIR / "data" / "ptbxl", help="PTB-XL root")
    p.add_argument("--fold", type=int, nargs="+", default=[10], help="strat_fold(s) to evaluate")
    p.add_argument("--model", type=Path, default=MODEL_DIR / "ecgmon-ptbxl.onnx")
    p.add_argument("--hr", action="store_true", help="use the 500 Hz records (block-mean resampled)")
    p.add_argument("--ids", type=Path, default=None, help="optional file of ecg_ids to restrict to, one per line")
    p.add_argument("--json", type=Path, default=None, help="also write the report here")
    args = p.parse_args(argv)

    card = card_of(args.model)
    table = load_table(args.data)
    rows = table[table["strat_fold"].isin(args.fold) & (table["labels"].map(len) > 0)]
    if args.ids:
        wanted = {int(line) for line in args.ids.read_text().split()}
        rows = rows[rows["ecg_id"].isin(wanted)]
    if args.hr:
        rows = rows[rows["filename_hr"].map(lambda f: (args.data / f"{f}.hea").exists())]
    if rows.empty:
        raise SystemExit(f"no labelled records of fold(s) {args.fold} under {args.data}")
    feeds = record_feeds(args.data, rows, args.hr)
    session = ort.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])
    probs = np.concatenate([session.run(None, {k: v[i: i + 256] for k, v in feeds.items()})[0]
                            for i in range(0, len(rows), 256)])
    report = evaluate(label_matrix(rows["labels"]), probs, [card["thresholds"][k] for k in LABELS])
    print(f"{args.model.name} v{card['version']} on fold(s) {args.fold}{' (500 Hz)' if args.hr else ''}: "
          f"n = {report['n']}, macro AUC {report['macro_auc']:.4f}")
    print(f"{'class':6} {'AUC':>6} {'thr':>5} {'acc':>6} {'F1':>6} {'sens':>6} {'spec':>6}")
    for k in LABELS:
        c = report["per_class"][k]
        print(f"{k:6} {report['auc'][k]:6.3f} {c['threshold']:5.2f} {c['accuracy']:6.3f} {c['f1']:6.3f} "
              f"{c['sensitivity']:6.3f} {c['specificity']:6.3f}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
