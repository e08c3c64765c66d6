package io.ecgmon.wfdb;

/**
 * A WFDB record in memory: its header and the samples as int16 counts, [signal][sample]. Invalid
 * samples are {@link SampleFormat#INVALID} whatever the file format.
 */
public record WfdbRecord(WfdbHeader header, short[][] counts) {

  public WfdbRecord {
    if (counts.length != header.numberOfSignals()) {
      throw new IllegalArgumentException(counts.length + " signals of samples for a header of "
          + header.numberOfSignals());
    }
  }

  public int numberOfSamples() {
    return counts.length == 0 ? 0 : counts[0].length;
  }

  /** Sample {@code i} of signal {@code s} in the signal's physical units; NaN for an invalid sample. */
  public double physical(int s, int i) {
    short c = counts[s][i];
    if (c == SampleFormat.INVALID) {
      return Double.NaN;
    }
    SignalSpec spec = header.signals().get(s);
    return (c - spec.baseline()) / spec.gain();
  }
}
