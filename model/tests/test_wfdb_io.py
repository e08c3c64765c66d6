import shutil

import numpy as np
import pytest

from ecgmon_model.synthetic import synthetic_ecg, to_counts
from ecgmon_model.wfdb_io import LABELS, label_matrix, load_table, read_record


def test_read_record_returns_millivolts_leads_first(tiny_ptbxl):
    signal, rate, leads = read_record(tiny_ptbxl / "records100/00000/00003_lr")
    assert signal.shape == (12, 1000)
    assert rate == 100.0
    assert leads[:3] == ["I", "II", "III"]
    expected = to_counts(synthetic_ecg(500, 10.0, 62, seed=2))[:, ::5] / 1000.0
    np.testing.assert_allclose(signal, expected, atol=1e-9)


def test_read_500hz_record(tiny_ptbxl):
    signal, rate, _ = read_record(tiny_ptbxl / "records500/00000/00003_hr")
    assert (signal.shape, rate) == ((12, 5000), 500.0)


def test_label_table_from_per_record_labels(tiny_ptbxl):
    table = load_table(tiny_ptbxl)
    assert len(table) == 36
    by_id = table.set_index("ecg_id")
    assert by_id.loc[1, "labels"] == ["NORM"]
    assert by_id.loc[3, "labels"] == ["HYP", "STTC"]
    assert by_id.loc[6, "labels"] == []  # rhythm code only: no diagnostic superclass
    assert by_id.loc[6, "age"] == 300
    assert np.isnan(by_id.loc[2, "height"])


def test_official_database_gives_the_same_labels(tiny_ptbxl, tmp_path):
    official = tmp_path / "official"
    shutil.copytree(tiny_ptbxl, official)
    (official / "official_database.csv").rename(official / "ptbxl_database.csv")
    a, b = load_table(tiny_ptbxl), load_table(official)
    assert a["labels"].tolist() == b["labels"].tolist()
    assert a["strat_fold"].tolist() == b["strat_fold"].tolist()


def test_label_matrix_is_multi_hot_in_label_order():
    y = label_matrix([["MI", "HYP"], [], ["NORM"]])
    assert LABELS == ["NORM", "MI", "STTC", "CD", "HYP"]
    np.testing.assert_array_equal(y, [[0, 1, 0, 0, 1], [0, 0, 0, 0, 0], [1, 0, 0, 0, 0]])


def test_missing_record_is_an_error(tiny_ptbxl):
    with pytest.raises(FileNotFoundError):
        read_record(tiny_ptbxl / "records100/00000/99999_lr")
