"""Signal processing of the feature spec: raw leads in mV -> the model's four inputs.

Pure numpy, one function per input, so the Java implementation (JTransforms) can be
read side by side with this file. Everything is computed in float64 and returned as float32.
"""
from __future__ import annotations

import math

import numpy as np

from .spec import load_spec

SPEC = load_spec()


def hann_periodic(n: int) -> np.ndarray:
    k = np.arange(n, dtype=np.float64)
    return 0.5 - 0.5 * np.cos(2.0 * math.pi * k / n)


def resample_to_spec(signal: np.ndarray, rate_hz: float, spec: dict = SPEC) -> np.ndarray:
    """[leads, samples] at rate_hz -> [leads, samples // factor] at the spec's rate (block mean)."""
    target = spec["sample_rate_hz"]
    factor = rate_hz / target
    if factor < 1 or abs(factor - round(factor)) > 1e-9:
        raise ValueError(f"sample rate {rate_hz} Hz is not an integer multiple of {target} Hz")
    factor = int(round(factor))
    if factor == 1:
        return np.asarray(signal, dtype=np.float64)
    n = signal.shape[1] // factor
    return np.asarray(signal[:, : n * factor], dtype=np.float64).reshape(signal.shape[0], n, factor).mean(axis=2)


def preprocess_time(window_mv: np.ndarray, spec: dict = SPEC) -> np.ndarray:
    """Per-lead mean removal and clipping: the 'ecg' input, shape [12, window_samples]."""
    x = np.asarray(window_mv, dtype=np.float64)
    expected = (len(spec["leads"]), spec["window_samples"])
    if x.shape != expected:
        raise ValueError(f"window shape {x.shape}, expected {expected}")
    if not np.all(np.isfinite(x)):
        raise ValueError("window holds NaN or infinite samples")
    t = spec["time"]
    if t["remove_mean"]:
        x = x - x.mean(axis=1, keepdims=True)
    clip = t["clip_mv"]
    return np.clip(x, -clip, clip)


def _log_magnitude(spectrum: np.ndarray, window_sum: float, ref_mv: float) -> np.ndarray:
    return np.log1p(np.abs(spectrum) / window_sum / ref_mv)


def fft_features(time_x: np.ndarray, spec: dict = SPEC) -> np.ndarray:
    """The 'fft' input, shape [12, bins], from the preprocessed time signal."""
    f = spec["fft"]
    w = hann_periodic(f["n_fft"])
    spectrum = np.fft.rfft(time_x[:, : f["n_fft"]] * w, n=f["n_fft"], axis=1)[:, : f["bins"]]
    return _log_magnitude(spectrum, w.sum(), f["ref_mv"])


def stft_features(time_x: np.ndarray, spec: dict = SPEC) -> np.ndarray:
    """The 'spectrogram' input, shape [12, bins, frames], from the preprocessed time signal."""
    s = spec["stft"]
    n, hop, frames = s["n_fft"], s["hop"], s["frames"]
    if (time_x.shape[1] - n) // hop + 1 != frames:
        raise ValueError("spec stft.frames does not match window_samples, n_fft and hop")
    w = hann_periodic(n)
    starts = np.arange(frames) * hop
    segments = np.stack([time_x[:, i : i + n] for i in starts], axis=2)  # [leads, n, frames]
    spectrum = np.fft.rfft(segments * w[None, :, None], n=n, axis=1)  # [leads, bins, frames]
    return _log_magnitude(spectrum, w.sum(), s["ref_mv"])


def _z_or_missing(value, stats: dict) -> tuple[float, float]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return 0.0, 1.0
    v = float(value)
    if not (stats["valid_min"] <= v <= stats["valid_max"]):
        return 0.0, 1.0
    z = (v - stats["mean"]) / stats["std"]
    return float(min(5.0, max(-5.0, z))), 0.0


def metadata_features(age=None, sex=None, height_cm=None, weight_kg=None, spec: dict = SPEC) -> np.ndarray:
    """The 'metadata' input, shape [8]. sex: 'female'/'male'/None, or PTB-XL's 1/0 coding."""
    m = spec["metadata"]
    a = m["age"]
    if age is not None and not (isinstance(age, float) and math.isnan(age)) and float(age) == a["over_89_code"]:
        age = a["over_89_value"]
    age_z, age_missing = _z_or_missing(age, a)
    if sex in ("female", 1, 1.0):
        sex_female, sex_missing = 1.0, 0.0
    elif sex in ("male", 0, 0.0):
        sex_female, sex_missing = 0.0, 0.0
    else:
        sex_female, sex_missing = 0.0, 1.0
    h_z, h_missing = _z_or_missing(height_cm, m["height_cm"])
    w_z, w_missing = _z_or_missing(weight_kg, m["weight_kg"])
    return np.array([age_z, age_missing, sex_female, sex_missing, h_z, h_missing, w_z, w_missing], dtype=np.float64)


def window_features(window_mv: np.ndarray, spec: dict = SPEC) -> dict[str, np.ndarray]:
    """All signal inputs of one window: {'ecg', 'fft', 'spectrogram'} as float32."""
    t = preprocess_time(window_mv, spec)
    return {
        "ecg": t.astype(np.float32),
        "fft": fft_features(t, spec).astype(np.float32),
        "spectrogram": stft_features(t, spec).astype(np.float32),
    }
