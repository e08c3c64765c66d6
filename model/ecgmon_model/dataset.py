"""Builds and caches the model inputs for PTB-XL records (feature extraction is the slow part)."""
from __future__ import annotations

import argparse
import logging
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from tqdm import tqdm

from . import features as F
from .spec import MODEL_DIR, REPO_DIR, load_spec, spec_sha256
from .split import split_of
from .wfdb_io import label_matrix, load_table, read_record

log = logging.getLogger(__name__)
SPEC = load_spec()


def record_inputs(path: str) -> dict[str, np.ndarray]:
    signal, rate, _ = read_record(path)
    window = F.resample_to_spec(signal, rate)[:, : SPEC["window_samples"]]
    return F.window_features(window)


def _meta_row(row) -> np.ndarray:
    return F.metadata_features(row.age, row.sex, row.height, row.weight).astype(np.float32)


def build_cache(root: Path, out: Path, use_hr: bool = False, workers: int = 2, limit: int | None = None) -> Path:
    """Writes out/<split>.npz with ecg, fft, spectrogram, metadata, labels, ecg_id.

    Records without any diagnostic superclass are left out, as in the PTB-XL benchmark's
    superdiagnostic task.
    """
    table = load_table(root)
    table = table[table["labels"].map(len) > 0]
    if limit:
        table = table.groupby("strat_fold").head(limit)
    column = "filename_hr" if use_hr else "filename_lr"
    out.mkdir(parents=True, exist_ok=True)
    paths = [str(root / p) for p in table[column]]
    with ProcessPoolExecutor(workers) as pool:
        results = list(tqdm(pool.map(record_inputs, paths, chunksize=64), total=len(paths),
                            desc="features", unit="rec"))
    splits = table["strat_fold"].map(split_of).to_numpy()
    for name in ("train", "val", "test"):
        idx = np.flatnonzero(splits == name)
        if len(idx) == 0:
            continue
        sub = table.iloc[idx]
        np.savez(out / f"{name}.npz",
                 ecg=np.stack([results[i]["ecg"] for i in idx]),
                 fft=np.stack([results[i]["fft"] for i in idx]),
                 spectrogram=np.stack([results[i]["spectrogram"] for i in idx]).astype(np.float16),
                 metadata=np.stack([_meta_row(r) for r in sub.itertuples()]),
                 labels=label_matrix(sub["labels"]),
                 ecg_id=sub["ecg_id"].to_numpy())
        log.info("%s: %d records", name, len(idx))
    (out / "spec.sha256").write_text(spec_sha256())
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description="Extract the feature-spec inputs of PTB-XL records into a cache.")
    p.add_argument("--data", type=Path, default=REPO_DIR / "data" / "ptbxl", help="PTB-XL root (tables + records100/)")
    p.add_argument("--out", type=Path, default=MODEL_DIR / "cache" / "ptbxl100", help="cache folder")
    p.add_argument("--hr", action="store_true", help="read the 500 Hz records (resampled to the spec rate)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--limit", type=int, default=None, help="records per fold (for a quick look)")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    build_cache(args.data, args.out, args.hr, args.workers, args.limit)


if __name__ == "__main__":
    main()
