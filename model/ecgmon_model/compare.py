"""Are the fold-9 differences between runs real? Paired bootstrap of macro AUC (metrics.bootstrap_macro_auc).

Each run's fold-9 probabilities are computed once from its best checkpoint (or, for a run whose
checkpoint is gone, from its exported ONNX file: `--onnx full=ecgmon-ptbxl.onnx`, accepted only when
it reproduces the run's recorded macro AUC) and kept as `runs/<name>/val_probabilities.npy`;
publish.py puts the intervals into the model card's comparison tables.

Run: ../.venv/bin/python -m ecgmon_model.compare --runs runs --onnx full=ecgmon-ptbxl.onnx
"""
from __future__ import annotations

import argparse
import itertools
import json
import logging
from pathlib import Path

import numpy as np

from . import export, train
from .metrics import bootstrap_macro_auc, macro_auc
from .network import INPUT_NAMES
from .spec import MODEL_DIR

PROBABILITIES = "val_probabilities.npy"


def fold9_labels(cache: Path) -> np.ndarray:
    """Fold 9's labels alone (the cache's signal inputs are ~0.2 GB and not needed for scoring)."""
    with np.load(cache / "val.npz") as z:
        return z["labels"].astype(np.float32)


def fold9_probabilities(run: Path, cache: Path, onnx_path: Path | None = None) -> np.ndarray:
    """The run's fold-9 probabilities, computed once and kept beside its result."""
    kept = run / PROBABILITIES
    if kept.exists():
        return np.load(kept)
    data = train.load_split(cache, "val")
    if (run / "best.pt").exists():
        model, _ = export.load_run(run)
        probs = train.predict(model.net, data)
    elif onnx_path is not None:
        import onnxruntime as ort
        session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
        probs = np.concatenate([session.run(None, {k: data[k][i:i + 256].numpy() for k in INPUT_NAMES})[0]
                                for i in range(0, len(data["labels"]), 256)])
        recorded = json.loads((run / "result.json").read_text())["macro_auc"]
        got = macro_auc(data["labels"].numpy(), probs)
        if abs(got - recorded) > 1e-4:
            raise ValueError(f"{onnx_path} gives macro AUC {got:.4f} on fold 9, run {run.name} recorded "
                             f"{recorded:.4f}: not the same model")
    else:
        raise FileNotFoundError(f"{run} has no best.pt; name its exported model with --onnx {run.name}=FILE")
    np.save(kept, probs.astype(np.float32))
    return probs


def compare(runs: Path, names: list[str], reference: str, cache: Path, onnx: dict[str, Path],
            rounds: int = 1000) -> dict[str, dict]:
    """Bootstrap intervals of the named runs that have results; runs without one are left out."""
    names = [n for n in names if (runs / n / "result.json").exists()]
    if reference not in names:
        return {}
    probs = {n: fold9_probabilities(runs / n, cache, onnx.get(n)) for n in names}
    return bootstrap_macro_auc(fold9_labels(cache), probs, reference, n=rounds)


def main(argv=None):
    p = argparse.ArgumentParser(description="Paired bootstrap of fold-9 macro AUC between training runs.")
    p.add_argument("--runs", type=Path, default=MODEL_DIR / "runs")
    p.add_argument("--cache", type=Path, default=MODEL_DIR / "cache" / "ptbxl100")
    p.add_argument("--reference", default="full", help="the run every difference is taken against")
    p.add_argument("--onnx", action="append", default=[], metavar="RUN=FILE",
                   help="the exported model of a run whose checkpoint is gone")
    p.add_argument("--rounds", type=int, default=1000)
    p.add_argument("--ensembles", action="store_true",
                   help="also the macro AUC of the mean probabilities of every combination of two or more runs")
    p.add_argument("names", nargs="*", help="runs to compare (default: every run with a result)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    onnx = {k: Path(v) for k, v in (x.split("=", 1) for x in args.onnx)}
    names = args.names or sorted(d.name for d in args.runs.iterdir() if (d / "result.json").exists())
    table = compare(args.runs, names, args.reference, args.cache, onnx, args.rounds)
    print(f"{'run':24} {'macro AUC':>9} {'95% CI':>17} {'vs ' + args.reference:>10} {'95% CI':>19}")
    for name, r in table.items():
        lo, hi = r["ci95"]
        dlo, dhi = r["delta_ci95"]
        print(f"{name:24} {r['macro_auc']:9.4f} [{lo:.4f}, {hi:.4f}] {r['delta_vs_reference']:+10.4f} "
              f"[{dlo:+.4f}, {dhi:+.4f}]")
    if args.ensembles:
        # chosen on fold 9 and scored on fold 9: an upper bound of what an ensemble would give elsewhere
        y = fold9_labels(args.cache)
        probs = {n: fold9_probabilities(args.runs / n, args.cache) for n in table}  # kept by compare()
        print("\nensembles (mean probability; chosen and scored on fold 9, so optimistic):")
        for size in range(2, len(probs) + 1):
            for combo in itertools.combinations(probs, size):
                print(f"{macro_auc(y, np.mean([probs[n] for n in combo], axis=0)):.4f}  {' + '.join(combo)}")


if __name__ == "__main__":
    main()
