import numpy as np
import pytest

from ecgmon_model.metrics import bootstrap_macro_auc, evaluate, macro_auc, tune_thresholds


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


def test_paired_bootstrap_separates_a_better_model_and_not_an_equal_one():
    rng = np.random.default_rng(1)
    y = (rng.random((600, 5)) < 0.3).astype(float)
    signal = y + rng.normal(0, 1.0, y.shape)
    sharper = y + rng.normal(0, 0.5, y.shape)  # the same records, less noise: a better ranking
    table = bootstrap_macro_auc(y, {"ref": signal, "same": signal.copy(), "better": sharper}, "ref", n=200)
    assert table["same"]["delta_ci95"] == [0.0, 0.0]
    assert table["better"]["delta_ci95"][0] > 0
    for row in table.values():
        lo, hi = row["ci95"]
        assert lo <= row["macro_auc"] <= hi
    assert table["better"]["delta_vs_reference"] == pytest.approx(macro_auc(y, sharper) - macro_auc(y, signal))

