package io.ecgmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EcgmonTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = Ecgmon.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    assertThat(run("--help")).isEqualTo(Ecgmon.OK);
    assertThat(out.toString()).contains("stack", "topics", "alerts", "simulate", "synth", "monitor", "demo", "evaluate",
        "bench", "Exit codes", "2  usage error");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stack", "topics", "alerts", "simulate", "synth", "monitor", "demo", "evaluate", "bench"})
  void everyCommandHasHelp(String command) {
    assertThat(run(command, "--help")).isEqualTo(Ecgmon.OK);
    assertThat(out.toString()).startsWith("Usage: ecgmon " + command);
  }

  @Test
  void versionComesFromTheBuild() {
    assertThat(run("--version")).isEqualTo(Ecgmon.OK);
    assertThat(out.toString()).startsWith("ecgmon ");
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertThat(run()).isEqualTo(Ecgmon.USAGE);
    assertThat(err.toString()).contains("missing COMMAND");
    assertThat(run("no-such-command")).isEqualTo(Ecgmon.USAGE);
    assertThat(run("alerts", "--no-such-option")).isEqualTo(Ecgmon.USAGE);
    assertThat(run("alerts", "--kind", "SOMETIMES")).isEqualTo(Ecgmon.USAGE);
    assertThat(run("alerts", "--format", "xml")).isEqualTo(Ecgmon.USAGE);
    assertThat(run("simulate", "--speed", "fast", "--no-create-topics")).isEqualTo(Ecgmon.USAGE);
    assertThat(run("demo", "--kafka-port", "nine")).isEqualTo(Ecgmon.USAGE);
  }

  @Test
  void runtimeFailuresExitWithOneAndAShortMessage() {
    assertThat(run("topics", "--file", "/no/such/topics.yaml", "--dry-run")).isEqualTo(Ecgmon.FAILURE);
    assertThat(err.toString()).contains("topics: cannot read topic definitions /no/such/topics.yaml")
        .contains("ECGMON_DEBUG=1").doesNotContain("\tat ");
  }

  @Test
  void describeJoinsCausesWithoutRepeatingThem() {
    Exception e = new RuntimeException("outer: inner", new IllegalStateException("inner"));
    assertThat(Ecgmon.describe(e)).isEqualTo("outer: inner");
    assertThat(Ecgmon.describe(new RuntimeException(new java.io.IOException("disk full"))))
        .isEqualTo("java.io.IOException: disk full");
  }
}
