"""Makes an ensemble run: the mean probabilities of finished runs, kept as a run folder of its own.

The folder holds result.json (fold-9 metrics of the mean probabilities, thresholds tuned for them,
and the member runs) and the fold-9 probabilities; export, publish, compare and teacher read it like
any run, and export writes its members as one ONNX graph (network.MeanEnsemble).

Run: ../.venv/bin/python -m ecgmon_model.ensemble --run runs/a runs/b --out runs/ens_ab
"""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import numpy as np

from .compare import PROBABILITIES, fold9_labels, fold9_probabilities
from .metrics import evaluate
from .spec import MODEL_DIR

log = logging.getLogger(__name__)
MEMBER_KEYS = ("seed", "ema", "imbalance", "epochs", "best_epoch", "macro_auc", "config")


def make_ensemble(runs: list[Path], out: Path, cache: Path) -> dict:
    if len(runs) < 2:
        raise ValueError("an ensemble needs two or more runs")
    if any(run.parent.resolve() != out.parent.resolve() for run in runs):
        raise ValueError("members must sit beside the ensemble run (it names them by folder)")
    members = [json.loads((run / "result.json").read_text()) for run in runs]
    if len({json.dumps(m.get("config"), sort_keys=True) for m in members}) > 1:
        raise ValueError("ensemble members must share one architecture (the card describes one)")
    probs = np.mean([fold9_probabilities(run, cache) for run in runs], axis=0)
    result = evaluate(fold9_labels(cache), probs)
    result["members"] = [{"run": run.name, **{k: m[k] for k in MEMBER_KEYS if k in m}} for run, m in zip(runs, members)]
    result["config"] = members[0].get("config")
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / PROBABILITIES, probs.astype(np.float32))
    (out / "result.json").write_text(json.dumps(result, indent=2))
    return result


def main(argv=None):
    p = argparse.ArgumentParser(description="An ensemble run: the mean probabilities of finished runs.")
    p.add_argument("--run", type=Path, nargs="+", required=True, help="member run folders (beside --out)")
    p.add_argument("--cache", type=Path, default=MODEL_DIR / "cache" / "ptbxl100")
    p.add_argument("--out", type=Path, required=True, help="the ensemble's run folder")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    result = make_ensemble(args.run, args.out, args.cache)
    log.info("%s: fold-9 macro AUC %.4f from %d members", args.out, result["macro_auc"], len(args.run))


if __name__ == "__main__":
    main()
