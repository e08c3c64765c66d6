package io.ecgmon.wfdb;

/**
 * One signal line of a WFDB header: where the samples live and how counts map to physical units,
 * physical = (count - baseline) / gain.
 *
 * @param fileName data file holding the signal (signals sharing a file are interleaved in header order)
 * @param format storage format
 * @param byteOffset bytes to skip at the start of the data file
 * @param gain ADC counts per physical unit
 * @param baseline count of 0 physical units
 * @param units physical units, e.g. mV
 * @param adcResolution bits of the ADC
 * @param adcZero count of the ADC's mid-range
 * @param initialValue first sample, or null when the header omits it
 * @param checksum 16-bit sum of all samples, or null when the header omits it
 * @param blockSize block size (0 for ordinary files)
 * @param description signal name, e.g. the lead ("II", "V1")
 */
public record SignalSpec(String fileName, SampleFormat format, long byteOffset, double gain, int baseline,
    String units, int adcResolution, int adcZero, Integer initialValue, Integer checksum, int blockSize,
    String description) {

  /** A format-16 signal as PTB-XL stores it: gain per mV, baseline 0, 16-bit ADC, no checksum yet. */
  public static SignalSpec of(String fileName, SampleFormat format, double gainPerMv, int baseline, String description) {
    return new SignalSpec(fileName, format, 0, gainPerMv, baseline, "mV", format.bits(), 0, null, null, 0,
        description);
  }

  /** This spec with the initial value and checksum the samples give. */
  public SignalSpec withSampleFacts(int initialValue, int checksum) {
    return new SignalSpec(fileName, format, byteOffset, gain, baseline, units, adcResolution, adcZero, initialValue,
        checksum, blockSize, description);
  }
}
