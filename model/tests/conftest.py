"""A tiny PTB-XL look-alike made on the fly: synthetic WFDB records and the tables, in PTB-XL's layout."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import wfdb

from ecgmon_model.synthetic import synthetic_ecg, to_counts

LEADS = ["I", "II", "III", "AVR", "AVL", "AVF", "V1", "V2", "V3", "V4", "V5", "V6"]
SCP = pd.DataFrame({
    "scp_code": ["NORM", "IMI", "NDT", "LAFB", "LVH", "SR"],
    "description": ["normal ECG", "inferior MI", "non-diagnostic T", "left anterior fascicular block",
                    "left ventricular hypertrophy", "sinus rhythm"],
    "diagnostic": [1, 1, 1, 1, 1, None],
    "form": [None, None, 1, None, None, None],
    "rhythm": [None, None, None, None, None, 1],
    "diagnostic_class": ["NORM", "MI", "STTC", "CD", "HYP", None],
    "diagnostic_subclass": ["NORM", "IMI", "STTC", "LAFB/LPFB", "LVH", None],
})
# code dictionaries cycled over the records; the last one has no diagnostic superclass
CODES = [{"NORM": 100.0, "SR": 0.0}, {"IMI": 80.0}, {"NDT": 100.0, "LVH": 50.0}, {"LAFB": 100.0},
         {"LVH": 100.0, "IMI": 50.0}, {"SR": 0.0}]


def write_record(folder: Path, name: str, signal_mv: np.ndarray, fs: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    wfdb.wrsamp(name, fs=fs, units=["mV"] * 12, sig_name=LEADS, d_signal=to_counts(signal_mv).T.astype(np.int64),
                fmt=["16"] * 12, adc_gain=[1000.0] * 12, baseline=[0] * 12, write_dir=str(folder))


@pytest.fixture(scope="session")
def tiny_ptbxl(tmp_path_factory) -> Path:
    """4 records per fold 1-9, every record at 100 Hz and 500 Hz; ids 1..36."""
    root = tmp_path_factory.mktemp("ptbxl")
    rows, meta, official = [], [], []
    for i in range(36):
        ecg_id, fold = i + 1, i % 9 + 1
        codes = CODES[i % len(CODES)]
        supers = sorted({SCP.set_index("scp_code").loc[c, "diagnostic_class"] for c in codes
                         if SCP.set_index("scp_code").loc[c, "diagnostic"] == 1})
        lr, hr = f"records100/00000/{ecg_id:05d}_lr", f"records500/00000/{ecg_id:05d}_hr"
        signal = synthetic_ecg(500, 10.0, 60 + i, seed=i)
        write_record(root / "records500" / "00000", f"{ecg_id:05d}_hr", signal, 500)
        write_record(root / "records100" / "00000", f"{ecg_id:05d}_lr", signal[:, ::5], 100)
        rows.append({"ecg_id": ecg_id, "patient_id": 1000.0 + i, "strat_fold": fold, "filename_lr": lr,
                     "filename_hr": hr, "super_class": str(supers), "sub_class": "[]", "form": "", "rhythm": ""})
        age = 300 if i == 5 else 20 + i
        sex = i % 2
        height = 170.0 if i % 4 == 0 else np.nan
        weight = 70.0 + i if i % 3 == 0 else np.nan
        meta.append({"ecg_id": ecg_id, "patient_id": 1000 + i, "age": age, "sex": sex, "height": height,
                     "weight": weight})
        official.append({"ecg_id": ecg_id, "patient_id": 1000.0 + i, "age": age, "sex": sex, "height": height,
                         "weight": weight, "scp_codes": str(codes), "strat_fold": fold, "filename_lr": lr,
                         "filename_hr": hr})
    pd.DataFrame(rows).to_csv(root / "ptbxl_labels.csv", index=False)
    pd.DataFrame(meta).to_csv(root / "ptbxl_metadata.csv", index=False)
    SCP.to_csv(root / "scp_statements.csv", index=False)
    pd.DataFrame(official).to_csv(root / "official_database.csv", index=False)
    return root
