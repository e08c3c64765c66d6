"""Loads the feature spec (model/feature_spec.json), the one definition of the model inputs."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

MODEL_DIR = Path(__file__).resolve().parent.parent  # <repo>/model
REPO_DIR = MODEL_DIR.parent
SPEC_PATH = MODEL_DIR / "feature_spec.json"


def load_spec(path: Path | str = SPEC_PATH) -> dict:
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f)


def spec_sha256(path: Path | str = SPEC_PATH) -> str:
    """Hash of the spec file's bytes: the model card records it so serving can refuse a mismatch."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
