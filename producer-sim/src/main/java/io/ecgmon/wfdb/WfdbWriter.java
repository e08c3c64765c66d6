package io.ecgmon.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes WFDB records: header (with the initial value and checksum of every signal) and data files, in
 * the layout wfdb-python and PTB-XL use.
 */
public final class WfdbWriter {

  private WfdbWriter() {}

  /**
   * Writes {@code counts} [signal][sample] as record {@code name} in {@code dir}: all signals in
   * {@code name.dat}, one format, gain and baseline, units mV. Returns the header written.
   */
  public static WfdbHeader write(Path dir, String name, double samplingFrequency, SampleFormat format,
      double gainPerMv, int baseline, List<String> signalNames, short[][] counts) throws IOException {
    List<SignalSpec> specs = new ArrayList<>();
    for (String s : signalNames) {
      specs.add(SignalSpec.of(name + ".dat", format, gainPerMv, baseline, s));
    }
    return write(dir, new WfdbHeader(name, samplingFrequency, 0, null, null, specs, List.of()), counts);
  }

  /**
   * Writes the record described by {@code header} (its initial values and checksums are recomputed;
   * its sample count is taken from {@code counts}). Throws IllegalArgumentException when a sample does
   * not fit its format.
   */
  public static WfdbHeader write(Path dir, WfdbHeader header, short[][] counts) throws IOException {
    int nsig = header.numberOfSignals();
    if (counts.length != nsig) {
      throw new IllegalArgumentException(counts.length + " signals of samples for " + nsig + " signal lines");
    }
    int n = nsig == 0 ? 0 : counts[0].length;
    for (short[] c : counts) {
      if (c.length != n) {
        throw new IllegalArgumentException("signals have different lengths: " + c.length + " vs " + n);
      }
    }
    Map<String, List<Integer>> byFile = new LinkedHashMap<>();
    for (int s = 0; s < nsig; s++) {
      byFile.computeIfAbsent(header.signals().get(s).fileName(), k -> new ArrayList<>()).add(s);
    }
    List<SignalSpec> written = new ArrayList<>(header.signals());
    Files.createDirectories(dir);
    for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
      List<Integer> group = e.getValue();
      SampleFormat format = header.signals().get(group.get(0)).format();
      int width = group.size();
      int[] stored = new int[n * width];
      for (int k = 0; k < width; k++) {
        int s = group.get(k);
        SignalSpec spec = header.signals().get(s);
        if (spec.format() != format) {
          throw new IllegalArgumentException("signals of " + e.getKey() + " mix formats");
        }
        for (int i = 0; i < n; i++) {
          try {
            stored[i * width + k] = format.toStored(counts[s][i]);
          } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("signal " + s + " (" + spec.description() + ") sample " + i + ": "
                + ex.getMessage(), ex);
          }
        }
        written.set(s, spec.withSampleFacts(n > 0 ? stored[k] : spec.adcZero(), Checksums.of(stored, k, width, n)));
      }
      byte[] data = format.encode(stored);
      long offset = header.signals().get(group.get(0)).byteOffset();
      byte[] out = data;
      if (offset > 0) {
        out = new byte[(int) offset + data.length];
        System.arraycopy(data, 0, out, (int) offset, data.length);
      }
      Files.write(dir.resolve(e.getKey()), out);
    }
    WfdbHeader result = new WfdbHeader(header.recordName(), header.samplingFrequency(), n, header.baseTime(),
        header.baseDate(), written, header.comments());
    Files.writeString(dir.resolve(header.recordName() + ".hea"), result.format(), StandardCharsets.ISO_8859_1);
    return result;
  }
}
