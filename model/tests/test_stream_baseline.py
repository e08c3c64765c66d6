"""The Python baseline consumer's windowing: windows by sample index, hop, buffer trimmed."""
import numpy as np

from ecgmon_model.stream_baseline import PatientBuffer, to_mv


def test_windows_are_cut_every_hop_and_the_buffer_stays_bounded():
    b = PatientBuffer("rec-1", 100.0, first_index=0)
    starts = []
    for second in range(25):
        chunk = np.tile(np.arange(second * 100, (second + 1) * 100, dtype=np.float64), (12, 1))
        b.append(chunk)
        for start, samples in b.pop_windows(1000, 500):
            assert samples.shape == (12, 1000)
            assert samples[0, 0] == start and samples[0, -1] == start + 999
            starts.append(start)
        assert b.buf.shape[1] < 1000
    assert starts == [0, 500, 1000, 1500]


def test_segment_counts_become_millivolts():
    counts = np.array([[1000, -500], [0, 2000]] + [[0, 0]] * 10, dtype="<i2")
    seg = {"samplesPerLead": 2, "leads": ["L"] * 12, "samples": counts.tobytes(),
           "gainPerMv": [1000.0] * 12, "baseline": [0] * 12}
    mv = to_mv(seg)
    assert mv.shape == (12, 2)
    assert mv[0].tolist() == [1.0, -0.5] and mv[1].tolist() == [0.0, 2.0]
