"""Deterministic ECG-like 12-lead signals (Gaussian P-QRS-T waves) for tests and golden vectors.

Not physiology: just signals with the right scale, rhythm and spectrum so that features,
resampling and clipping are exercised on something that looks like an ECG.
"""
from __future__ import annotations

import numpy as np

# Per lead: amplitude (mV) of P, Q, R, S, T.
_WAVES = np.array([
    [0.10, -0.05, 0.9, -0.15, 0.25],   # I
    [0.15, -0.08, 1.3, -0.20, 0.35],   # II
    [0.05, -0.03, 0.4, -0.10, 0.10],   # III
    [-0.12, 0.05, -1.0, 0.15, -0.30],  # aVR
    [0.03, -0.02, 0.3, -0.05, 0.08],   # aVL
    [0.10, -0.05, 0.8, -0.15, 0.20],   # aVF
    [0.05, 0.00, 0.3, -1.10, -0.10],   # V1
    [0.08, 0.00, 0.6, -1.40, 0.40],    # V2
    [0.08, -0.05, 1.0, -0.80, 0.45],   # V3
    [0.10, -0.08, 1.5, -0.40, 0.40],   # V4
    [0.10, -0.08, 1.4, -0.20, 0.35],   # V5
    [0.10, -0.06, 1.1, -0.10, 0.25],   # V6
])
_OFFSETS_S = np.array([-0.20, -0.03, 0.0, 0.03, 0.28])
_WIDTHS_S = np.array([0.025, 0.010, 0.012, 0.012, 0.050])


def synthetic_ecg(rate_hz: float, seconds: float, heart_rate_bpm: float = 72.0, seed: int = 0,
                  noise_mv: float = 0.02, wander_mv: float = 0.1, amplitude: float = 1.0) -> np.ndarray:
    """[12, rate_hz * seconds] in mV."""
    rng = np.random.default_rng(seed)
    n = int(round(rate_hz * seconds))
    t = np.arange(n) / rate_hz
    rr = 60.0 / heart_rate_bpm
    beats = np.arange(0.3, seconds + rr, rr) + rng.normal(0, 0.01 * rr, size=int(np.ceil((seconds + rr) / rr)))[
        : len(np.arange(0.3, seconds + rr, rr))]
    x = np.zeros((12, n))
    for b in beats:
        for k in range(5):
            shape = np.exp(-0.5 * ((t - b - _OFFSETS_S[k]) / _WIDTHS_S[k]) ** 2)
            x += np.outer(_WAVES[:, k], shape)
    x *= amplitude
    phase = rng.uniform(0, 2 * np.pi, size=(12, 1))
    x += wander_mv * np.sin(2 * np.pi * 0.3 * t[None, :] + phase)
    x += rng.normal(0, noise_mv, size=x.shape)
    return x


def to_counts(signal_mv: np.ndarray, gain_per_mv: float = 1000.0) -> np.ndarray:
    """mV -> int16 ADC counts as PTB-XL stores them (gain 1000 per mV)."""
    return np.clip(np.round(signal_mv * gain_per_mv), -32768, 32767).astype(np.int16)
