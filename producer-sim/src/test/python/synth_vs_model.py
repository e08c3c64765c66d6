"""How the shipped model sees a synthetic PTB-XL-shaped folder (from `synth`), per class and variant.

For each record: the model's probabilities (ONNX, features from the shared spec, exactly as
ecgmon_model.evaluate computes them). Reports, per true class and per variant (the report column), the
share of records whose true class ranks first, the share above the card's threshold, and the mean
probability of every class. Run from model/:

  PYTHONPATH=. ../.venv/bin/python ../producer-sim/src/test/python/synth_vs_model.py --data DIR [--rate 100|500]
"""
from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort

from ecgmon_model.evaluate import card_of, record_feeds
from ecgmon_model.spec import MODEL_DIR
from ecgmon_model.wfdb_io import LABELS, load_table


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, required=True)
    p.add_argument("--rate", type=int, choices=(100, 500), default=100)
    p.add_argument("--model", type=Path, default=MODEL_DIR / "ecgmon-ptbxl.onnx")
    p.add_argument("--json", type=Path, default=None)
    args = p.parse_args(argv)

    card = card_of(args.model)
    thr = np.array([card["thresholds"][k] for k in LABELS])
    table = load_table(args.data)
    table = table[table["labels"].map(len) == 1].reset_index(drop=True)
    reports = __import__("pandas").read_csv(args.data / "ptbxl_database.csv").set_index("ecg_id")["report"]
    feeds = record_feeds(args.data, table, args.rate == 500)
    session = ort.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])
    probs = np.concatenate([session.run(None, {k: v[i: i + 256] for k, v in feeds.items()})[0]
                            for i in range(0, len(table), 256)])
    groups = collections.defaultdict(list)
    for i, row in table.iterrows():
        true = LABELS.index(row["labels"][0])
        variant = reports[row["ecg_id"]].replace("synthetic ecgsyn ", "")
        for key in (LABELS[true], f"  {LABELS[true]}/{variant}"):
            groups[key].append((true, probs[i]))
    out = {}
    print(f"{'group':28} {'n':>4} {'top1':>6} {'>thr':>6}  " + " ".join(f"{k:>5}" for k in LABELS))
    for key in sorted(groups, key=lambda k: (LABELS.index(k.strip().split('/')[0]), k.startswith(' '), k)):
        rows = groups[key]
        true = rows[0][0]
        pr = np.array([r[1] for r in rows])
        top1 = float(np.mean(pr.argmax(1) == true))
        above = float(np.mean(pr[:, true] >= thr[true]))
        mean = pr.mean(0)
        out[key.strip()] = {"n": len(rows), "top1": top1, "above_threshold": above,
                            "mean_probability": dict(zip(LABELS, map(float, mean)))}
        print(f"{key:28} {len(rows):4d} {top1:6.2f} {above:6.2f}  " + " ".join(f"{m:5.2f}" for m in mean))
    if args.json:
        args.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
