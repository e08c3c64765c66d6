"""How much does serving a 500 Hz stream (block-mean resampled) change the model's output compared
with PTB-XL's own 100 Hz version of the same recording?

  .venv/bin/python -m ecgmon_model.resample_check --data data/ptbxl
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort

from .evaluate import card_of, record_feeds
from .spec import MODEL_DIR, REPO_DIR
from .wfdb_io import LABELS, load_table


def main(argv=None):
    p = argparse.ArgumentParser(description="Compare model outputs on 500 Hz (resampled) vs 100 Hz records.")
    p.add_argument("--data", type=Path, default=REPO_DIR / "data" / "ptbxl")
    p.add_argument("--model", type=Path, default=MODEL_DIR / "ecgmon-ptbxl.onnx")
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)
    table = load_table(args.data)
    rows = table[table["filename_hr"].map(lambda f: (args.data / f"{f}.hea").exists())]
    if rows.empty:
        raise SystemExit(f"no 500 Hz records under {args.data}")
    session = ort.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])
    thresholds = np.array([card_of(args.model)["thresholds"][k] for k in LABELS])
    lo = session.run(None, record_feeds(args.data, rows, use_hr=False))[0]
    hi = session.run(None, record_feeds(args.data, rows, use_hr=True))[0]
    diff = np.abs(lo - hi)
    report = {"records": int(len(rows)), "mean_abs_prob_difference": float(diff.mean()),
              "p99_abs_prob_difference": float(np.percentile(diff, 99)),
              "decision_agreement": float(np.mean((lo >= thresholds) == (hi >= thresholds)))}
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
