import numpy as np
import pytest

from ecgmon_model.metrics import evaluate, macro_auc, tune_thresholds


def test_macro_auc_is_the_mean_of_class_aucs():
    y = np.array([[1, 0], [0, 1], [1, 1], [0, 0]])
    p = np.array([[0.9, 0.2], [0.1, 0.8], [0.8, 0.3], [0.2, 0.4]])
    # class 0 is perfectly ranked (1.0); class 1: positives 0.8, 0.3 vs negatives 0.2, 0.4 -> 3/4
    assert macro_auc(y, p) == pytest.approx((1.0 + 0.75) / 2)


def test_thresholds_maximise_f1_and_report_accuracy():
    rng = np.random.default_rng(0)
    y = (rng.random((400, 5)) < 0.3).astype(float)
    p = np.clip(y * 0.6 + rng.random((400, 5)) * 0.4, 0, 1)  # positives >= 0.6, negatives < 0.4
    thresholds = tune_thresholds(y, p)
    assert all(0.4 <= t <= 0.6 for t in thresholds)
    report = evaluate(y, p)
    assert report["macro_auc"] == pytest.approx(1.0)
    assert all(c["accuracy"] == 1.0 and c["f1"] == 1.0 for c in report["per_class"].values())
