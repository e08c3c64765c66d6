package io.ecgmon.wfdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A single-segment WFDB header (.hea): the record line and one line per signal, as PhysioNet's
 * header(5) describes it. {@link #parse} rejects anything it cannot represent with a
 * {@link WfdbException} naming the file, the line and the field.
 *
 * @param recordName record name (the file stem)
 * @param samplingFrequency samples per second per signal
 * @param numberOfSamples samples per signal, 0 when the header does not say
 * @param baseTime base time as written (may be null)
 * @param baseDate base date as written (may be null)
 * @param signals the signal lines, in order
 * @param comments comment lines without their leading '#'
 */
public record WfdbHeader(String recordName, double samplingFrequency, long numberOfSamples, String baseTime,
    String baseDate, List<SignalSpec> signals, List<String> comments) {

  /** WFDB's defaults when the header omits them. */
  static final double DEFAULT_FREQUENCY = 250;
  static final double DEFAULT_GAIN = 200;

  public WfdbHeader {
    signals = List.copyOf(signals);
    comments = List.copyOf(comments);
  }

  public int numberOfSignals() {
    return signals.size();
  }

  /** Signal names (descriptions) in order. */
  public List<String> signalNames() {
    return signals.stream().map(SignalSpec::description).toList();
  }

  /** Parses header text; {@code source} names the file in error messages. */
  public static WfdbHeader parse(String text, String source) throws WfdbException {
    List<String> comments = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    String[] raw = text.split("\r?\n", -1);
    for (int i = 0; i < raw.length; i++) {
      String line = raw[i].strip();
      if (line.startsWith("#")) {
        comments.add(line.substring(1).strip());
      } else if (!line.isEmpty()) {
        lines.add(line);
        lineNumbers.add(i + 1);
      }
    }
    if (lines.isEmpty()) {
      throw new WfdbException(source + ": no record line (the header is empty)");
    }
    Field where = new Field(source, lineNumbers.get(0), "record line");
    String[] rec = lines.get(0).split("\\s+");
    String name = rec[0];
    if (name.contains("/")) {
      throw where.error("record name", name, "multi-segment records are not supported");
    }
    if (rec.length < 2) {
      throw where.error("number of signals", "", "missing");
    }
    int nsig = where.parseInt("number of signals", rec[1]);
    if (nsig < 1) {
      throw where.error("number of signals", rec[1], "must be at least 1");
    }
    double fs = DEFAULT_FREQUENCY;
    if (rec.length > 2) {
      String f = rec[2];
      int cut = f.indexOf('/');
      fs = where.parseDouble("sampling frequency", cut < 0 ? f : f.substring(0, cut));
      if (!(fs > 0) || Double.isInfinite(fs)) {
        throw where.error("sampling frequency", f, "must be positive");
      }
    }
    long nsamp = rec.length > 3 ? where.parseLong("number of samples", rec[3]) : 0;
    if (nsamp < 0) {
      throw where.error("number of samples", rec[3], "must not be negative");
    }
    String baseTime = rec.length > 4 ? rec[4] : null;
    String baseDate = rec.length > 5 ? rec[5] : null;
    if (lines.size() - 1 < nsig) {
      throw new WfdbException(source + ": the record line announces " + nsig + " signals but "
          + (lines.size() - 1) + " signal lines follow");
    }
    List<SignalSpec> signals = new ArrayList<>();
    for (int s = 0; s < nsig; s++) {
      signals.add(parseSignal(lines.get(s + 1), new Field(source, lineNumbers.get(s + 1), "signal " + s)));
    }
    return new WfdbHeader(name, fs, nsamp, baseTime, baseDate, signals, comments);
  }

  private static SignalSpec parseSignal(String line, Field where) throws WfdbException {
    // up to 8 fields, then the description (which may contain spaces)
    String[] t = line.split("\\s+", 9);
    if (t.length < 2) {
      throw where.error("format", "", "missing");
    }
    String file = t[0];
    String fmt = t[1];
    int end = 0;
    while (end < fmt.length() && Character.isDigit(fmt.charAt(end))) {
      end++;
    }
    int code = where.parseInt("format", fmt.substring(0, end));
    SampleFormat format = SampleFormat.ofCode(code);
    if (format == null) {
      throw where.error("format", fmt, "format " + code + " is not supported (16, 61, 80 and 212 are)");
    }
    long byteOffset = 0;
    String rest = fmt.substring(end);
    while (!rest.isEmpty()) {
      char kind = rest.charAt(0);
      int next = 1;
      while (next < rest.length() && Character.isDigit(rest.charAt(next))) {
        next++;
      }
      String number = rest.substring(1, next);
      switch (kind) {
        case 'x' -> {
          if (where.parseInt("samples per frame", number) != 1) {
            throw where.error("samples per frame", fmt, "more than one sample per frame is not supported");
          }
        }
        case ':' -> {
          if (where.parseInt("skew", number) != 0) {
            throw where.error("skew", fmt, "skewed signals are not supported");
          }
        }
        case '+' -> byteOffset = where.parseLong("byte offset", number);
        default -> throw where.error("format", fmt, "unexpected '" + kind + "'");
      }
      rest = rest.substring(next);
    }
    int adcZero = t.length > 4 ? where.parseInt("ADC zero", t[4]) : 0;
    double gain = DEFAULT_GAIN;
    Integer baseline = null;
    String units = "mV";
    if (t.length > 2) {
      String g = t[2];
      int slash = g.indexOf('/');
      if (slash >= 0) {
        units = g.substring(slash + 1);
        g = g.substring(0, slash);
      }
      int paren = g.indexOf('(');
      if (paren >= 0) {
        if (!g.endsWith(")")) {
          throw where.error("baseline", t[2], "unclosed '('");
        }
        baseline = where.parseInt("baseline", g.substring(paren + 1, g.length() - 1));
        g = g.substring(0, paren);
      }
      gain = where.parseDouble("ADC gain", g);
      if (gain == 0) {
        gain = DEFAULT_GAIN;
      }
      if (!(gain > 0) || Double.isInfinite(gain)) {
        throw where.error("ADC gain", t[2], "must be positive");
      }
    }
    int adcRes = t.length > 3 ? where.parseInt("ADC resolution", t[3]) : 0;
    if (adcRes == 0) {
      adcRes = format.bits();
    }
    Integer init = t.length > 5 ? where.parseInt("initial value", t[5]) : null;
    Integer checksum = t.length > 6 ? where.parseInt("checksum", t[6]) : null;
    int block = t.length > 7 ? where.parseInt("block size", t[7]) : 0;
    String description = t.length > 8 ? t[8].strip() : "";
    return new SignalSpec(file, format, byteOffset, gain, baseline == null ? adcZero : baseline, units, adcRes,
        adcZero, init, checksum, block, description);
  }

  /** The header text, in the layout wfdb-python writes (PTB-XL's). */
  public String format() {
    StringBuilder b = new StringBuilder();
    b.append(recordName).append(' ').append(signals.size()).append(' ').append(number(samplingFrequency));
    if (numberOfSamples > 0 || baseTime != null) {
      b.append(' ').append(numberOfSamples);
    }
    if (baseTime != null) {
      b.append(' ').append(baseTime);
      if (baseDate != null) {
        b.append(' ').append(baseDate);
      }
    }
    b.append('\n');
    for (SignalSpec s : signals) {
      b.append(s.fileName()).append(' ').append(s.format().code());
      if (s.byteOffset() != 0) {
        b.append('+').append(s.byteOffset());
      }
      b.append(' ').append(gain(s.gain())).append('(').append(s.baseline()).append(")/").append(s.units())
          .append(' ').append(s.adcResolution()).append(' ').append(s.adcZero())
          .append(' ').append(s.initialValue() == null ? s.adcZero() : s.initialValue())
          .append(' ').append(s.checksum() == null ? 0 : s.checksum())
          .append(' ').append(s.blockSize());
      if (!s.description().isEmpty()) {
        b.append(' ').append(s.description());
      }
      b.append('\n');
    }
    for (String c : comments) {
      b.append("# ").append(c).append('\n');
    }
    return b.toString();
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
        : new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  private static String gain(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v) : number(v);
  }

  /** Where a field sits, for error messages. */
  private record Field(String source, int line, String what) {

    WfdbException error(String field, String value, String problem) {
      return new WfdbException(source + " line " + line + " (" + what + "): " + field
          + (value.isEmpty() ? "" : " '" + value + "'") + ": " + problem);
    }

    int parseInt(String field, String value) throws WfdbException {
      try {
        return Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw error(field, value, "not an integer");
      }
    }

    long parseLong(String field, String value) throws WfdbException {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        throw error(field, value, "not an integer");
      }
    }

    double parseDouble(String field, String value) throws WfdbException {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw error(field, value, "not a number");
      }
    }
  }
}
