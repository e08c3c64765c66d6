package io.ecgmon.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecgmon.cli.Cli;
import io.ecgmon.cli.RepoFiles;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecgmon bench} is a report, not a timed test: this only checks that a tiny run (5 patients,
 * 20 s measured) completes on the in-process broker, counts the windows it should and writes a
 * well-formed report. No speed is asserted.
 */
class BenchSmokeIT {

  @TempDir
  Path tmp;

  @Test
  void aTinyRunReportsWindowsLatencyAndCpu() throws Exception {
    Path json = tmp.resolve("bench.json");
    Cli cli = new Cli();
    int status = cli.run("bench", "--patients", "5", "--duration", "20", "--warmup", "4", "--records", "5",
        "--model", RepoFiles.path("model/ecgmon-ptbxl.onnx").toString(), "--json", json.toString());
    assertThat(status).as("bench failed: %s", cli.err).isZero();
    assertThat(cli.out.toString()).contains("patients", "windows/s", "p99 ms", "saturation:");

    JsonNode live = new ObjectMapper().readTree(json.toFile()).get("live");
    assertThat(live).hasSize(1);
    JsonNode run = live.get(0);
    assertThat(run.get("patients").asInt()).isEqualTo(5);
    // 5 patients, a window every 5 s each: in a 20 s span 15 to 25 windows complete (patient offsets
    // spread their completions over a second, so the span's edges may hold one more or less per patient)
    assertThat(run.get("windows").asLong()).isBetween(15L, 25L);
    assertThat(run.get("dueWindowsPerSecond").asDouble()).isEqualTo(1.0);
    assertThat(run.get("p50").asLong()).isPositive();
    assertThat(run.get("p99").asLong()).isGreaterThanOrEqualTo(run.get("p50").asLong());
    assertThat(run.get("processCpuMs").asDouble()).isPositive();
    assertThat(run.get("monitorCpuMs").asDouble()).isPositive();
    assertThat(run.get("heapMb").asLong()).isPositive();
    assertThat(run.get("deadLetters").asDouble()).isZero();
  }
}
