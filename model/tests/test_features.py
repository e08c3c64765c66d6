import json

import numpy as np
import pytest

from ecgmon_model import features as F
from ecgmon_model.golden import GOLDEN_PATH, build
from ecgmon_model.spec import load_spec, spec_sha256
from ecgmon_model.synthetic import synthetic_ecg

SPEC = load_spec()


@pytest.fixture(scope="module")
def golden():
    return json.loads(GOLDEN_PATH.read_text())


def assert_close(actual, expected, tol):
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    assert actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=tol["relative"], atol=tol["absolute"])


def test_golden_file_matches_the_current_spec(golden):
    assert golden["spec_sha256"] == spec_sha256(), "feature_spec.json changed: rerun python -m ecgmon_model.golden"


def test_signal_features_reproduce_golden_vectors(golden):
    assert len(golden["signals"]) >= 3
    for case in golden["signals"]:
        mv = np.asarray(case["counts"], dtype=np.float64) / case["gain_per_mv"]
        feats = F.window_features(F.resample_to_spec(mv, case["sample_rate_hz"]))
        for name in ("ecg", "fft", "spectrogram"):
            assert_close(feats[name], case["expected"][name], golden["tolerance"])


def test_metadata_reproduces_golden_vectors(golden):
    for case in golden["metadata"]:
        assert_close(F.metadata_features(**case["input"]), case["expected"], golden["tolerance"])


def test_golden_generation_is_deterministic(golden):
    assert build()["signals"][1]["expected"]["fft"] == golden["signals"][1]["expected"]["fft"]


def test_shapes_follow_the_spec():
    feats = F.window_features(synthetic_ecg(100, 10.0))
    assert feats["ecg"].shape == (12, SPEC["window_samples"])
    assert feats["fft"].shape == (12, SPEC["fft"]["bins"])
    assert feats["spectrogram"].shape == (12, SPEC["stft"]["bins"], SPEC["stft"]["frames"])


def test_fft_peak_sits_at_the_tone_frequency():
    t = np.arange(1000) / 100.0
    tone = np.tile(np.sin(2 * np.pi * 7.3 * t), (12, 1))
    fft = F.fft_features(F.preprocess_time(tone))
    assert np.argmax(fft[0]) == 73  # 0.1 Hz per bin


def test_fft_magnitude_of_a_sine_is_half_its_amplitude():
    t = np.arange(1000) / 100.0
    x = np.tile(2.0 * np.sin(2 * np.pi * 10.0 * t), (12, 1))
    fft = F.fft_features(F.preprocess_time(x))
    magnitude = np.expm1(fft[0, 100]) * SPEC["fft"]["ref_mv"]
    assert magnitude == pytest.approx(1.0, rel=1e-6)  # |X|/sum(w) = A/2 for a bin-centred sine


def test_time_preprocessing_removes_mean_and_clips():
    x = np.full((12, 1000), 3.0)
    x[0, 10] = 50.0
    t = F.preprocess_time(x)
    assert abs(t[1].mean()) < 1e-12
    assert t[0].max() == SPEC["time"]["clip_mv"]


def test_block_mean_resampling_of_500hz():
    x = synthetic_ecg(500, 10.0, seed=4)
    y = F.resample_to_spec(x, 500)
    assert y.shape == (12, 1000)
    np.testing.assert_allclose(y[:, 3], x[:, 15:20].mean(axis=1))


@pytest.mark.parametrize("rate", [0, 250, 333, 50])
def test_unsupported_sample_rates_are_rejected(rate):
    with pytest.raises(ValueError, match="sample rate"):
        F.resample_to_spec(np.zeros((12, 1000)), rate)


def test_nan_window_is_rejected():
    x = synthetic_ecg(100, 10.0)
    x[3, 500] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        F.window_features(x)


def test_wrong_lead_count_is_rejected():
    with pytest.raises(ValueError, match="shape"):
        F.window_features(np.zeros((8, 1000)))


def test_metadata_missing_and_out_of_range_values_set_flags():
    m = F.metadata_features(age=None, sex=None, height_cm=6.0, weight_kg=500.0)
    assert m.tolist() == [0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    m = F.metadata_features(age=300, sex="female", height_cm=167.16, weight_kg=69.87)
    assert m[0] == pytest.approx((90 - 59.73) / 16.88)
    assert m[1:].tolist() == [0.0, 1.0, 0.0, 0.0, 0.0, pytest.approx(0.0), 0.0]
