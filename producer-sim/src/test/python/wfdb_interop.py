"""The wfdb-python side of WfdbPythonInteropIT: reads a record the Java writer made, writes one for the Java
reader, both through wfdb-python (PyPI `wfdb`, pinned in model/requirements.txt).

  read  --record DIR/NAME                  -> JSON on stdout: header fields and the digital samples as stored
  write --record DIR/NAME --input FILE     -> writes the record given as JSON {fs, fmt, sig_name, units,
                                              adc_gain, baseline, d_signal: [[signal 0...], ...]}
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import wfdb


def read(record: str) -> dict:
    r = wfdb.rdrecord(record, physical=False, return_res=16)
    p = wfdb.rdrecord(record, physical=True)
    return {
        "fs": float(r.fs),
        "sig_len": int(r.sig_len),
        "sig_name": list(r.sig_name),
        "fmt": list(r.fmt),
        "units": list(r.units),
        "adc_gain": [float(g) for g in r.adc_gain],
        "baseline": [int(b) for b in r.baseline],
        "checksum": [int(c) for c in r.checksum],
        "init_value": [int(v) for v in r.init_value],
        # as stored in the file: the format's own invalid code, no conversion
        "d_signal": r.d_signal.T.astype(int).tolist(),
        # physical values; NaN (invalid) as null
        "p_signal": [[None if np.isnan(v) else float(v) for v in lead] for lead in p.p_signal.T],
    }


def write(record: str, spec: dict) -> None:
    path = Path(record)
    d = np.array(spec["d_signal"], dtype=np.int64).T
    wfdb.wrsamp(path.name, fs=spec["fs"], units=spec["units"], sig_name=spec["sig_name"], d_signal=d,
                fmt=spec["fmt"], adc_gain=spec["adc_gain"], baseline=spec["baseline"], write_dir=str(path.parent))


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=("read", "write"))
    p.add_argument("--record", required=True)
    p.add_argument("--input", type=Path)
    a = p.parse_args(argv)
    if a.mode == "read":
        json.dump(read(a.record), sys.stdout)
    else:
        write(a.record, json.loads(a.input.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
