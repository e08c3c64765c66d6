"""Record and table I/O for PTB-XL: WFDB signals and the label/metadata tables. No signal processing here."""
from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import wfdb

LABELS = ["NORM", "MI", "STTC", "CD", "HYP"]


def read_record(path_without_ext: Path | str) -> tuple[np.ndarray, float, list[str]]:
    """One WFDB record -> (signal [leads, samples] in mV, sample rate Hz, lead names)."""
    signal, fields = wfdb.rdsamp(str(path_without_ext))
    return signal.T.astype(np.float64), float(fields["fs"]), list(fields["sig_name"])


def _parse_list(cell) -> list[str]:
    if not isinstance(cell, str) or not cell.strip():
        return []
    return list(ast.literal_eval(cell))


def superclasses_from_scp_codes(scp_codes: str, statements: pd.DataFrame) -> list[str]:
    """PTB-XL's usual rule: codes with diagnostic == 1, mapped through scp_statements.diagnostic_class."""
    codes = ast.literal_eval(scp_codes)
    diagnostic = statements[statements["diagnostic"] == 1]
    classes = {diagnostic.loc[c, "diagnostic_class"] for c in codes if c in diagnostic.index}
    return sorted(c for c in classes if isinstance(c, str))


def load_table(root: Path | str) -> pd.DataFrame:
    """One row per record: ecg_id, patient_id, strat_fold, filename_lr, filename_hr, labels (list),
    age, sex, height, weight.

    Labels come from the official ptbxl_database.csv + scp_statements.csv when the full table is
    present, otherwise from the per-record ptbxl_labels.csv (derived with the same rule).
    """
    root = Path(root)
    official = root / "ptbxl_database.csv"
    if official.exists():
        db = pd.read_csv(official)
        statements = pd.read_csv(root / "scp_statements.csv", index_col=0)
        db["labels"] = db["scp_codes"].map(lambda s: superclasses_from_scp_codes(s, statements))
        table = db[["ecg_id", "patient_id", "strat_fold", "filename_lr", "filename_hr", "labels",
                    "age", "sex", "height", "weight"]]
    else:
        labels = pd.read_csv(root / "ptbxl_labels.csv")
        labels["labels"] = labels["super_class"].map(_parse_list)
        meta = pd.read_csv(root / "ptbxl_metadata.csv").drop(columns=["patient_id"])
        table = labels[["ecg_id", "patient_id", "strat_fold", "filename_lr", "filename_hr", "labels"]].merge(
            meta, on="ecg_id", how="left")
    return table.sort_values("ecg_id").reset_index(drop=True)


def label_matrix(labels: pd.Series) -> np.ndarray:
    """Multi-hot [records, 5] in LABELS order."""
    y = np.zeros((len(labels), len(LABELS)), dtype=np.float32)
    for i, ls in enumerate(labels):
        for c in ls:
            y[i, LABELS.index(c)] = 1.0
    return y
