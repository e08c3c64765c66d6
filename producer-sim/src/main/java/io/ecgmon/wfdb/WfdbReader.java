package io.ecgmon.wfdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads single-segment WFDB records (header + data files in formats 16, 61, 80, 212) and checks every
 * signal against its header: sample count, initial value and checksum.
 */
public final class WfdbReader {

  private WfdbReader() {}

  /** The header of {@code record} (a path without extension, e.g. {@code records100/00000/00001_lr}). */
  public static WfdbHeader readHeader(Path record) throws IOException {
    Path hea = withExtension(record, ".hea");
    String text;
    try {
      text = Files.readString(hea, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new WfdbException(hea + ": no such header file", e);
    }
    return WfdbHeader.parse(text, hea.getFileName().toString());
  }

  /** The whole record, validated. */
  public static WfdbRecord read(Path record) throws IOException {
    WfdbHeader header = readHeader(record);
    Path dir = record.toAbsolutePath().getParent();
    String heaName = header.recordName() + ".hea";
    int nsig = header.numberOfSignals();
    short[][] counts = new short[nsig][];
    long nsamp = header.numberOfSamples();

    // signals sharing a data file are interleaved in header order
    Map<String, List<Integer>> byFile = new LinkedHashMap<>();
    for (int s = 0; s < nsig; s++) {
      byFile.computeIfAbsent(header.signals().get(s).fileName(), k -> new ArrayList<>()).add(s);
    }
    for (Map.Entry<String, List<Integer>> e : byFile.entrySet()) {
      String fileName = e.getKey();
      List<Integer> group = e.getValue();
      SignalSpec first = header.signals().get(group.get(0));
      SampleFormat format = first.format();
      for (int s : group) {
        if (header.signals().get(s).format() != format) {
          throw new WfdbException(heaName + ": signals of " + fileName + " mix formats "
              + format.code() + " and " + header.signals().get(s).format().code());
        }
      }
      Path dat = dir.resolve(fileName);
      byte[] data;
      try {
        data = Files.readAllBytes(dat);
      } catch (NoSuchFileException ex) {
        throw new WfdbException(fileName + ": no such data file (named by " + heaName + ")", ex);
      }
      long offset = first.byteOffset();
      int width = group.size();
      long available = offset > data.length ? 0 : format.samplesIn(data.length - offset) / width;
      long n = nsamp > 0 ? nsamp : available;
      if (available < n) {
        throw new WfdbException(fileName + ": holds " + available + " samples per signal, " + heaName
            + " says " + n);
      }
      if (n * width > Integer.MAX_VALUE - 8) {
        throw new WfdbException(fileName + ": " + n + " samples per signal is too large to read at once");
      }
      int[] stored = new int[(int) (n * width)];
      format.decode(data, (int) offset, stored);
      for (int k = 0; k < width; k++) {
        int s = group.get(k);
        SignalSpec spec = header.signals().get(s);
        String what = fileName + ": signal " + s + " (" + spec.description() + ")";
        if (n > 0 && spec.initialValue() != null && spec.initialValue() != stored[k]) {
          throw new WfdbException(what + ": initial value in " + heaName + " is " + spec.initialValue()
              + " but the first sample is " + stored[k]);
        }
        if (spec.checksum() != null) {
          int sum = Checksums.of(stored, k, width, (int) n);
          if (!Checksums.agree(sum, spec.checksum())) {
            throw new WfdbException(what + ": checksum in " + heaName + " is " + spec.checksum()
                + " but the samples sum to " + sum + " (mod 65536)");
          }
        }
        short[] c = new short[(int) n];
        for (int i = 0, p = k; i < n; i++, p += width) {
          c[i] = format.toCount(stored[p]);
        }
        counts[s] = c;
      }
    }
    if (nsamp == 0) {
      header = new WfdbHeader(header.recordName(), header.samplingFrequency(), counts[0].length,
          header.baseTime(), header.baseDate(), header.signals(), header.comments());
    }
    for (short[] c : counts) {
      if (c.length != counts[0].length) {
        throw new WfdbException(heaName + ": data files hold different numbers of samples ("
            + c.length + " vs " + counts[0].length + ")");
      }
    }
    return new WfdbRecord(header, counts);
  }

  static Path withExtension(Path record, String ext) {
    return record.resolveSibling(record.getFileName().toString() + ext);
  }
}
