"""Teacher probabilities for distillation: a finished run's (usually an ensemble run's) probabilities on
the cached training split, saved in the cache's record order for `train --teacher`.

Run: ../.venv/bin/python -m ecgmon_model.teacher --run runs/ens_ab --out runs/ens_ab/teacher.npy
"""
from __future__ import annotations

import argparse
import logging
from pathlib import Path

import numpy as np

from . import export
from .spec import MODEL_DIR

log = logging.getLogger(__name__)


def teacher_probabilities(run: Path, cache: Path) -> np.ndarray:
    return export.probabilities(export.load_run(run)[0], cache, "train").astype(np.float32)


def main(argv=None):
    p = argparse.ArgumentParser(description="A finished run's probabilities on the training split "
                                            "(a teacher for train --teacher).")
    p.add_argument("--run", type=Path, required=True, help="run folder (trained or ensemble)")
    p.add_argument("--cache", type=Path, default=MODEL_DIR / "cache" / "ptbxl100")
    p.add_argument("--out", type=Path, required=True, help=".npy file to write")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    probs = teacher_probabilities(args.run, args.cache)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.save(args.out, probs)
    log.info("wrote %s: %d records x %d classes from %s", args.out, *probs.shape, args.run)


if __name__ == "__main__":
    main()
