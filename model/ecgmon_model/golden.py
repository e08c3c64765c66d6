"""Writes model/golden/features_golden.json: inputs and the expected model inputs computed by
features.py, for the Java implementation (streams-app) and the Python tests to check to 1e-4 relative.

Inputs are int16 counts with a gain per mV, as the ECG-segment Avro records carry them, so both
sides start from identical integers.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from . import features as F
from .spec import spec_sha256
from .synthetic import synthetic_ecg, to_counts

GOLDEN_PATH = Path(__file__).resolve().parent.parent / "golden" / "features_golden.json"
GAIN = 1000.0

CASES = [
    # name, rate, heart rate, seed, amplitude, wander (mV)
    ("sinus_100hz", 100, 72.0, 1, 1.0, 0.10),
    ("tachy_500hz_resampled", 500, 118.0, 2, 1.0, 0.25),
    ("high_voltage_clipped_100hz", 100, 55.0, 3, 9.0, 0.40),
]

METADATA_CASES = [
    {"age": 56, "sex": "female", "height_cm": None, "weight_kg": 63.0},
    {"age": 300, "sex": "male", "height_cm": 181.0, "weight_kg": 92.5},
    {"age": None, "sex": None, "height_cm": 6.0, "weight_kg": None},
]


def _round(a: np.ndarray) -> list:
    return np.asarray(a, dtype=np.float64).round(7).tolist()


def build() -> dict:
    signals = []
    for name, rate, bpm, seed, amp, wander in CASES:
        counts = to_counts(synthetic_ecg(rate, 10.0, bpm, seed, amplitude=amp, wander_mv=wander), GAIN)
        mv = counts.astype(np.float64) / GAIN
        window = F.resample_to_spec(mv, rate)
        feats = F.window_features(window)
        signals.append({
            "name": name,
            "sample_rate_hz": rate,
            "gain_per_mv": GAIN,
            "counts": counts.tolist(),
            "expected": {k: _round(v) for k, v in feats.items()},
        })
    metadata = [{"input": m, "expected": _round(F.metadata_features(**m))} for m in METADATA_CASES]
    return {"spec_sha256": spec_sha256(), "tolerance": {"relative": 1e-4, "absolute": 1e-5},
            "signals": signals, "metadata": metadata}


def main(argv=None):
    p = argparse.ArgumentParser(description="Regenerate the feature golden vectors from feature_spec.json.")
    p.add_argument("--out", type=Path, default=GOLDEN_PATH)
    args = p.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(build(), separators=(",", ":")))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
