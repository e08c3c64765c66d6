"""Evaluation, in one place: the PTB-XL benchmark's macro AUC plus per-class thresholded metrics."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

from .wfdb_io import LABELS


def macro_auc(y_true: np.ndarray, y_prob: np.ndarray) -> float:
    """Mean of the per-class ROC AUCs (the PTB-XL benchmark's 'macro AUC'); classes whose AUC is
    undefined on this set (only one value present) are left out, NaN if all are."""
    aucs = np.array(per_class_auc(y_true, y_prob))
    return float(np.mean(aucs[np.isfinite(aucs)])) if np.isfinite(aucs).any() else float("nan")


def per_class_auc(y_true: np.ndarray, y_prob: np.ndarray) -> list[float]:
    return [float(roc_auc_score(y_true[:, k], y_prob[:, k])) if len(np.unique(y_true[:, k])) == 2 else float("nan")
            for k in range(y_true.shape[1])]


def _confusion(y: np.ndarray, p: np.ndarray, threshold: float):
    pred = p >= threshold
    tp = float(np.sum(pred & (y == 1)))
    fp = float(np.sum(pred & (y == 0)))
    fn = float(np.sum(~pred & (y == 1)))
    tn = float(np.sum(~pred & (y == 0)))
    return tp, fp, fn, tn


def _f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp > 0 else 0.0


def tune_thresholds(y_true: np.ndarray, y_prob: np.ndarray) -> list[float]:
    """Per class, the threshold (over a 0.01 grid) that maximises F1 on the given set.

    F1 rather than accuracy: for a rare class (HYP is ~12% of fold 9), accuracy is maximised by
    hardly ever alerting, which is useless to a monitor.
    """
    grid = np.linspace(0.01, 0.99, 99)
    out = []
    for k in range(y_true.shape[1]):
        f1s = [_f1(*_confusion(y_true[:, k], y_prob[:, k], t)[:3]) for t in grid]
        out.append(float(round(grid[int(np.argmax(f1s))], 2)))
    return out


def thresholded_report(y_true: np.ndarray, y_prob: np.ndarray, thresholds: list[float]) -> dict:
    report = {}
    for k, name in enumerate(LABELS):
        tp, fp, fn, tn = _confusion(y_true[:, k], y_prob[:, k], thresholds[k])
        sens = tp / (tp + fn) if tp + fn else 0.0
        spec = tn / (tn + fp) if tn + fp else 0.0
        report[name] = {
            "threshold": thresholds[k],
            "accuracy": (tp + tn) / len(y_true),
            "f1": _f1(tp, fp, fn),
            "sensitivity": sens,
            "specificity": spec,
            "balanced_accuracy": (sens + spec) / 2,
            "prevalence": float(np.mean(y_true[:, k])),
        }
    return report


def evaluate(y_true: np.ndarray, y_prob: np.ndarray, thresholds: list[float] | None = None) -> dict:
    """Everything we report for one set: macro AUC, per-class AUC, and thresholded metrics."""
    if thresholds is None:
        thresholds = tune_thresholds(y_true, y_prob)
    aucs = per_class_auc(y_true, y_prob)
    return {
        "macro_auc": macro_auc(y_true, y_prob),
        "auc": dict(zip(LABELS, aucs)),
        "thresholds": dict(zip(LABELS, thresholds)),
        "per_class": thresholded_report(y_true, y_prob, thresholds),
        "n": int(len(y_true)),
    }


def bootstrap_macro_auc(y_true: np.ndarray, y_probs: dict[str, np.ndarray], reference: str, n: int = 1000,
                        seed: int = 0) -> dict[str, dict]:
    """Paired bootstrap over records: for each model, the 95% interval of its macro AUC and of its
    difference to the reference model, both resampled on the same records each round.

    Why paired: runs compared on one fold share its hard and easy records, so the interval of the
    difference is much narrower than the two single intervals suggest; an ablation step is only a real
    gain or loss when its difference interval leaves 0.
    """
    rng = np.random.default_rng(seed)
    samples = {name: [] for name in y_probs}
    defined = [k for k in range(y_true.shape[1]) if len(np.unique(y_true[:, k])) == 2]
    rounds = 0
    while rounds < n:
        idx = rng.integers(0, len(y_true), len(y_true))
        if any(len(np.unique(y_true[idx, k])) < 2 for k in defined):
            continue  # a class that lost its positives (or negatives) in this draw: draw again
        for name, p in y_probs.items():
            samples[name].append(macro_auc(y_true[idx], p[idx]))
        rounds += 1
    point = {name: macro_auc(y_true, p) for name, p in y_probs.items()}
    ref = np.array(samples[reference])
    out = {}
    for name, values in samples.items():
        values = np.array(values)
        out[name] = {"macro_auc": point[name],
                     "ci95": [float(x) for x in np.percentile(values, [2.5, 97.5])],
                     "delta_vs_reference": point[name] - point[reference],
                     "delta_ci95": [float(x) for x in np.percentile(values - ref, [2.5, 97.5])]}
    return out
