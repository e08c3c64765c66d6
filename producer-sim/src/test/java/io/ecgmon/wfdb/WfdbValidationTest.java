package io.ecgmon.wfdb;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed records fail with the file and the field at fault in the message. */
class WfdbValidationTest {

  @TempDir
  Path dir;

  @BeforeEach
  void record() throws Exception {
    short[][] c = {{10, 20, 30, 40}, {-1, -2, -3, -4}};
    WfdbWriter.write(dir, "rec", 100, SampleFormat.F16, 1000, 0, List.of("I", "II"), c);
  }

  private void header(String text) throws Exception {
    Files.writeString(dir.resolve("rec.hea"), text);
  }

  @Test
  void aChangedSampleBreaksTheChecksum() throws Exception {
    byte[] dat = Files.readAllBytes(dir.resolve("rec.dat"));
    dat[4] ^= 0x01; // frames are interleaved: bytes 4-5 are sample 1 of signal I, 20 -> 21
    Files.write(dir.resolve("rec.dat"), dat);
    assertThatThrownBy(() -> WfdbReader.read(dir.resolve("rec"))).isInstanceOf(WfdbException.class)
        .hasMessage("rec.dat: signal 0 (I): checksum in rec.hea is 100 but the samples sum to 101 (mod 65536)");
  }

  @Test
  void signedChecksumsAsLibwfdbWritesThemAreAccepted() throws Exception {
    // -10 = 65526 (mod 65536)
    header("rec 2 100 4\nrec.dat 16 1000(0)/mV 16 0 10 100 0 I\nrec.dat 16 1000(0)/mV 16 0 -1 -10 0 II\n");
    org.assertj.core.api.Assertions.assertThat(WfdbReader.read(dir.resolve("rec")).counts()[1][3]).isEqualTo((short) -4);
  }

  @Test
  void aWrongInitialValueIsReported() throws Exception {
    header("rec 2 100 4\nrec.dat 16 1000(0)/mV 16 0 11 100 0 I\nrec.dat 16 1000(0)/mV 16 0 -1 65526 0 II\n");
    assertThatThrownBy(() -> WfdbReader.read(dir.resolve("rec"))).isInstanceOf(WfdbException.class)
        .hasMessage("rec.dat: signal 0 (I): initial value in rec.hea is 11 but the first sample is 10");
  }

  @Test
  void aShortDataFileIsReported() throws Exception {
    header("rec 2 100 5\nrec.dat 16 1000(0)/mV\nrec.dat 16 1000(0)/mV\n");
    assertThatThrownBy(() -> WfdbReader.read(dir.resolve("rec"))).isInstanceOf(WfdbException.class)
        .hasMessage("rec.dat: holds 4 samples per signal, rec.hea says 5");
  }

  @Test
  void missingFilesAreNamed() throws Exception {
    Files.delete(dir.resolve("rec.dat"));
    assertThatThrownBy(() -> WfdbReader.read(dir.resolve("rec"))).isInstanceOf(WfdbException.class)
        .hasMessageStartingWith("rec.dat: no such data file (named by rec.hea)");
    assertThatThrownBy(() -> WfdbReader.read(dir.resolve("nothing"))).isInstanceOf(WfdbException.class)
        .hasMessageContaining("nothing.hea: no such header file");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "bad gain|rec 1 100 4\\nrec.dat 16 abc(0)/mV\\n|rec.hea line 2 (signal 0): ADC gain 'abc': not a number",
      "negative gain|rec 1 100 4\\nrec.dat 16 -5(0)/mV\\n|rec.hea line 2 (signal 0): ADC gain '-5(0)/mV': must be positive",
      "bad baseline|rec 1 100 4\\nrec.dat 16 200(x)/mV\\n|rec.hea line 2 (signal 0): baseline 'x': not an integer",
      "unknown format|rec 1 100 4\\nrec.dat 311 200\\n|rec.hea line 2 (signal 0): format '311': format 311 is not supported (16, 61, 80 and 212 are)",
      "samples per frame|rec 1 100 4\\nrec.dat 212x2 200\\n|rec.hea line 2 (signal 0): samples per frame '212x2': more than one sample per frame is not supported",
      "bad checksum field|rec 1 100 4\\nrec.dat 16 200 16 0 10 sum\\n|rec.hea line 2 (signal 0): checksum 'sum': not an integer",
      "bad frequency|rec 1 fast 4\\nrec.dat 16\\n|rec.hea line 1 (record line): sampling frequency 'fast': not a number",
      "bad signal count|rec two\\n|rec.hea line 1 (record line): number of signals 'two': not an integer",
      "multi-segment|rec/3 1 100\\n|rec.hea line 1 (record line): record name 'rec/3': multi-segment records are not supported",
      "missing signal lines|rec 3 100 4\\nrec.dat 16\\n|rec.hea: the record line announces 3 signals but 1 signal lines follow",
  })
  void malformedHeadersNameFileLineAndField(String name, String text, String message) throws Exception {
    header(text.replace("\\n", "\n"));
    assertThatThrownBy(() -> WfdbReader.read(dir.resolve("rec"))).isInstanceOf(WfdbException.class)
        .hasMessage(message);
  }

  @Test
  void anEmptyHeaderIsReported() throws Exception {
    header("# only a comment\n\n");
    assertThatThrownBy(() -> WfdbReader.read(dir.resolve("rec"))).isInstanceOf(WfdbException.class)
        .hasMessage("rec.hea: no record line (the header is empty)");
  }
}
