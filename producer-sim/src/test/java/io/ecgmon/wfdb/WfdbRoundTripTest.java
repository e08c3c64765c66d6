package io.ecgmon.wfdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WfdbRoundTripTest {

  @TempDir
  Path dir;

  /** Random counts within a format's range, with an invalid sample and both extremes. */
  static short[][] counts(SampleFormat f, int signals, int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    short[][] c = new short[signals][n];
    for (int s = 0; s < signals; s++) {
      for (int i = 0; i < n; i++) {
        c[s][i] = (short) (f.min() + 1 + r.nextInt(f.max() - f.min()));
      }
    }
    c[0][n / 2] = SampleFormat.INVALID;
    c[signals - 1][1] = (short) f.max();
    c[signals - 1][2] = (short) (f.min() + 1);
    return c;
  }

  @ParameterizedTest
  @EnumSource(SampleFormat.class)
  void everyFormatReadsBackWhatWasWritten(SampleFormat format) throws Exception {
    // an odd number of samples per signal exercises 212's half-filled last triple
    short[][] c = counts(format, 3, 1001, 7);
    WfdbHeader written = WfdbWriter.write(dir, "rec", 360, format, 200, 1024, List.of("MLII", "V5", "V1"), c);
    WfdbRecord read = WfdbReader.read(dir.resolve("rec"));

    assertThat(read.counts()).isDeepEqualTo(c);
    assertThat(read.header()).isEqualTo(written);
    assertThat(read.header().samplingFrequency()).isEqualTo(360);
    assertThat(read.header().signalNames()).containsExactly("MLII", "V5", "V1");
    assertThat(read.header().signals().get(1).baseline()).isEqualTo(1024);
    assertThat(Files.size(dir.resolve("rec.dat"))).isEqualTo(format.bytesFor(3 * 1001));
  }

  @Test
  void physicalValuesUseGainAndBaselineAndInvalidIsNaN() throws Exception {
    short[][] c = {{1000, -500, SampleFormat.INVALID}};
    WfdbWriter.write(dir, "p", 500, SampleFormat.F16, 1000, 0, List.of("I"), c);
    WfdbRecord r = WfdbReader.read(dir.resolve("p"));
    assertThat(r.physical(0, 0)).isEqualTo(1.0);
    assertThat(r.physical(0, 1)).isEqualTo(-0.5);
    assertThat(r.physical(0, 2)).isNaN();
  }

  @Test
  void headerLooksLikePtbXl() throws Exception {
    short[][] c = {{-119, 5, 7}, {-55, 0, 1}};
    WfdbWriter.write(dir, "00001_lr", 100, SampleFormat.F16, 1000, 0, List.of("I", "AVR"), c);
    assertThat(Files.readAllLines(dir.resolve("00001_lr.hea"))).containsExactly(
        "00001_lr 2 100 3",
        "00001_lr.dat 16 1000.0(0)/mV 16 0 -119 65429 0 I",
        "00001_lr.dat 16 1000.0(0)/mV 16 0 -55 65482 0 AVR");
  }

  @Test
  void signalsInSeveralFilesWithAByteOffset() throws Exception {
    List<SignalSpec> specs = List.of(
        new SignalSpec("a.dat", SampleFormat.F212, 0, 200, 0, "mV", 12, 0, null, null, 0, "I"),
        new SignalSpec("a.dat", SampleFormat.F212, 0, 200, 0, "mV", 12, 0, null, null, 0, "II"),
        new SignalSpec("b.dat", SampleFormat.F16, 512, 1000, -3, "uV", 16, 0, null, null, 0, "V1"));
    short[][] c = {{1, 2, 3, 4}, {-1, -2, -3, -2048}, {300, -300, 7, 8}};
    c[1][3] = SampleFormat.INVALID;
    WfdbWriter.write(dir, new WfdbHeader("multi", 250, 0, "10:00:00", "01/02/2003", specs, List.of("note")), c);
    WfdbRecord r = WfdbReader.read(dir.resolve("multi"));
    assertThat(r.counts()).isDeepEqualTo(c);
    assertThat(r.header().signals().get(2).byteOffset()).isEqualTo(512);
    assertThat(r.header().signals().get(2).units()).isEqualTo("uV");
    assertThat(r.header().baseTime()).isEqualTo("10:00:00");
    assertThat(r.header().comments()).containsExactly("note");
    assertThat(Files.size(dir.resolve("b.dat"))).isEqualTo(512 + 8);
  }

  @Test
  void format212PacksPairsAsPhysioNetDocumentsIt() {
    // header(5)/signal(5): sample 0 = byte0 + low nibble of byte1 << 8; sample 1 = byte2 + high nibble << 8
    int[] stored = {0x123, -2, 0x7ff};
    byte[] b = SampleFormat.F212.encode(stored);
    assertThat(b).containsExactly(0x23, 0xf1, 0xfe, 0xff, 0x07);
    int[] back = new int[3];
    SampleFormat.F212.decode(b, 0, back);
    assertThat(back).containsExactly(0x123, -2, 0x7ff);
  }

  @Test
  void samplesOutsideTheFormatAreRefusedNamingSignalAndSample() {
    short[][] c = {{0, 2048}};
    assertThatThrownBy(() -> WfdbWriter.write(dir, "x", 100, SampleFormat.F212, 200, 0, List.of("I"), c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signal 0 (I) sample 1").hasMessageContaining("does not fit format 212");
  }

  @Test
  void headerDefaultsFollowPhysioNet() throws Exception {
    WfdbHeader h = WfdbHeader.parse("# made by hand\nr 1\nr.dat 212\n", "r.hea");
    assertThat(h.samplingFrequency()).isEqualTo(250);
    assertThat(h.numberOfSamples()).isZero();
    SignalSpec s = h.signals().get(0);
    assertThat(s.gain()).isEqualTo(200);
    assertThat(s.adcResolution()).isEqualTo(12);
    assertThat(s.units()).isEqualTo("mV");
    assertThat(s.initialValue()).isNull();
    assertThat(s.checksum()).isNull();
    assertThat(h.comments()).containsExactly("made by hand");
  }

  @Test
  void descriptionsMayHoldSpaces() throws Exception {
    WfdbHeader h = WfdbHeader.parse("r 1 500 10\nr.dat 16 1000(0)/mV 16 0 0 0 0 lead V1 (chest)\n", "r.hea");
    assertThat(h.signals().get(0).description()).isEqualTo("lead V1 (chest)");
  }

  @Test
  void recordWithoutSampleCountTakesItFromTheFile() throws Exception {
    short[][] c = counts(SampleFormat.F16, 2, 10, 3);
    WfdbWriter.write(dir, "n", 100, SampleFormat.F16, 1000, 0, List.of("I", "II"), c);
    Files.writeString(dir.resolve("n.hea"), "n 2 100\nn.dat 16 1000(0)/mV\nn.dat 16 1000(0)/mV\n");
    WfdbRecord r = WfdbReader.read(dir.resolve("n"));
    assertThat(r.numberOfSamples()).isEqualTo(10);
    assertThat(r.counts()).isDeepEqualTo(c);
  }
}
