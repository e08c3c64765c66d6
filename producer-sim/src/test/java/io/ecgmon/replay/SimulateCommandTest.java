package io.ecgmon.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.synth.PtbxlFolderWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

  @TempDir
  Path tmp;

  static int exec(StringWriter err, String... args) {
    CommandLine cl = new CommandLine(new SimulateCommand());
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(err));
    return cl.execute(args);
  }

  static SimulateCommand parse(String... args) {
    SimulateCommand c = new SimulateCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  void helpListsTheOptions() {
    StringWriter out = new StringWriter();
    assertThat(exec(out, "--help")).isZero();
    assertThat(out.toString()).contains("--ptbxl", "--patients", "--segment-seconds", "--speed", "--jitter-ms",
        "--duration", "--drop-rate", "--corrupt-rate", "--nan-burst-rate", "--bootstrap-servers",
        "--schema-registry-url", "--config", "--property");
  }

  @Test
  void badOptionsExitWithTwo() {
    StringWriter err = new StringWriter();
    assertThat(exec(err, "--speed", "fast", "--no-create-topics", "-b", "localhost:1")).isEqualTo(2);
    assertThat(err.toString()).contains("--speed: 'fast' is neither a number nor max");
    StringWriter err2 = new StringWriter();
    assertThat(exec(err2, "--drop-rate", "2", "-b", "localhost:1")).isEqualTo(2);
    assertThat(err2.toString()).contains("drop rate must be between 0 and 1, not 2.0");
    StringWriter err3 = new StringWriter();
    assertThat(exec(err3, "--fold", "3", "-b", "localhost:1")).isEqualTo(2);
    assertThat(err3.toString()).contains("--fold and --ids select PTB-XL records");
  }

  @Test
  void anUnreachableBrokerEndsWithStatusOne() {
    StringWriter err = new StringWriter();
    int code = exec(err, "--no-create-topics", "-b", "localhost:1", "-r", "mock://unreachable", "-p",
        "max.block.ms=1000", "--duration", "5s");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("TimeoutException");
  }

  @Test
  void optionsBecomeTheSimulationConfig() {
    SimulationConfig c = parse("--speed", "max", "--segment-seconds", "2", "--duration", "10m", "--jitter-ms", "5",
        "--drop-rate", "0.1", "--reorder-window", "6", "--seed", "9", "--segments-topic", "s", "--patient-info-topic",
        "i", "--threads", "2").simulationConfig();
    assertThat(c.asFastAsPossible()).isTrue();
    assertThat(c.segmentSeconds()).isEqualTo(2);
    assertThat(c.durationSeconds()).isEqualTo(600);
    assertThat(c.jitterMillis()).isEqualTo(5);
    assertThat(c.faults().drop()).isEqualTo(0.1);
    assertThat(c.faults().reorderWindow()).isEqualTo(6);
    assertThat(c.seed()).isEqualTo(9);
    assertThat(c.segmentsTopic()).isEqualTo("s");
    assertThat(c.patientInfoTopic()).isEqualTo("i");
    assertThat(c.threads()).isEqualTo(2);
    assertThat(parse().simulationConfig().speed()).isEqualTo(1);
    assertThat(parse("--speed", "0").simulationConfig().asFastAsPossible()).isTrue();
  }

  @Test
  void durations() {
    assertThat(SimulateCommand.parseDuration("600")).isEqualTo(600);
    assertThat(SimulateCommand.parseDuration("90s")).isEqualTo(90);
    assertThat(SimulateCommand.parseDuration("10m")).isEqualTo(600);
    assertThat(SimulateCommand.parseDuration("1h30m")).isEqualTo(5400);
    assertThat(SimulateCommand.parseDuration("1500ms")).isEqualTo(1.5);
    assertThat(SimulateCommand.parseDuration("PT2M")).isEqualTo(120);
    assertThatThrownBy(() -> SimulateCommand.parseDuration("ten minutes")).hasMessageContaining("not a duration");
  }

  @Test
  void syntheticPatientsByDefault() throws Exception {
    List<PatientSource> s = parse("--patients", "7", "--class", "cd,MI").sources();
    assertThat(s).extracting(PatientSource::patientId).containsExactly("synth-0001", "synth-0002", "synth-0003",
        "synth-0004", "synth-0005", "synth-0006", "synth-0007");
    // MI and CD in turn
    assertThat(s.get(0).nextRecord().labels()).containsExactly("MI");
    assertThat(s.get(1).nextRecord().labels()).containsExactly("CD");
    FeedRecord r = s.get(2).nextRecord();
    assertThat(r.rateHz()).isEqualTo(100);
    assertThat(r.leads()).containsExactly("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6");
    assertThatThrownBy(() -> parse("--class", "AF").sources()).hasMessageContaining("unknown class 'AF'");
  }

  @Test
  void ptbxlSelectionByFoldIdsAndClass() throws Exception {
    PtbxlFolderWriter.write(tmp, new PtbxlFolderWriter.Spec(20, 1, PtbxlFolderWriter.allVariants(), true, false, 3,
        1.0, List.of()), i -> { });
    java.nio.file.Files.writeString(tmp.resolve("ids.txt"), "# chosen\n3\n8\n13\n");
    List<PatientSource> byIds = parse("--ptbxl", tmp.toString(), "--ids-file", tmp.resolve("ids.txt").toString(), "--patients",
        "3", "--once").sources();
    assertThat(byIds).extracting(PatientSource::patientId)
        .containsExactlyInAnyOrder("ptbxl-100003", "ptbxl-100008", "ptbxl-100013");
    for (PatientSource p : byIds) {
      FeedRecord r = p.nextRecord();
      assertThat(r.labels()).containsExactly("STTC");
      assertThat(r.leads()).contains("aVR");
      assertThat(r.samples()).isEqualTo(300);
      assertThat(p.nextRecord()).as("--once").isNull();
    }
    List<PatientSource> byFold = parse("--ptbxl", tmp.toString(), "--fold", "2,7", "--class", "MI", "--patients",
        "4").sources();
    // folds 2 and 7 hold records 2, 7, 12, 17, all MI; four patients; looping by default
    assertThat(byFold).extracting(PatientSource::patientId)
        .containsExactlyInAnyOrder("ptbxl-100002", "ptbxl-100007", "ptbxl-100012", "ptbxl-100017");
    PatientSource one = byFold.get(0);
    one.nextRecord();
    assertThat(one.nextRecord()).isNotNull();
    // more feeds than patients reuse them under another id
    List<PatientSource> many = parse("--ptbxl", tmp.toString(), "--ids", "5", "--patients", "3").sources();
    assertThat(many).extracting(PatientSource::patientId).containsExactly("ptbxl-100005", "ptbxl-100005-2",
        "ptbxl-100005-3");
    assertThatThrownBy(() -> parse("--ptbxl", tmp.toString(), "--rate", "500").sources())
        .hasMessageContaining("no 500 Hz record of the selection");
  }
}
