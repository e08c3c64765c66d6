package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MonitorCommandTest {

  @Test
  void helpListsTheOptionsAndTheEnvironmentConvention() {
    StringWriter out = new StringWriter();
    CommandLine cmd = new CommandLine(new MonitorCommand());
    cmd.setOut(new PrintWriter(out));
    assertThat(cmd.execute("--help")).isZero();
    assertThat(out.toString()).contains("--bootstrap-servers", "--schema-registry-url", "--config", "--property",
        "--model", "ECGMON_HOP_SECONDS");
  }

  @Test
  void aMissingModelFailsWithAClearMessage() {
    StringWriter err = new StringWriter();
    CommandLine cmd = new CommandLine(new MonitorCommand());
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute("--model", "no/such/model.onnx", "--property", "ecgmon.http.port=-1");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("no/such/model.onnx").contains("not readable");
  }
}
