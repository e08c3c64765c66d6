package io.ecgmon.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecgmon.cli.Cli;
import io.ecgmon.cli.RepoFiles;
import io.ecgmon.synth.PtbxlFolderWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming path loses nothing: {@code ecgmon evaluate} (simulator, in-process broker and registry,
 * the monitor topology, exactly once) and the offline evaluator of {@code model/}
 * ({@code python -m ecgmon_model.evaluate}) give the same figures on the same records. The records are
 * synthetic, written by the synth API, with several records per patient (so sessions change and
 * demographics are re-sent mid-patient, as in PTB-XL). Runs with ECGMON_PYTHON or the repository's
 * .venv; on CI (CI=true) a missing interpreter fails the test instead of skipping it.
 */
class EvaluateParityIT {

  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> LABELS = List.of("NORM", "MI", "STTC", "CD", "HYP");

  @TempDir
  Path tmp;

  @Test
  void streamingEvaluationEqualsTheOfflineEvaluator() throws Exception {
    Path python = python();
    Path data = tmp.resolve("ptbxl");
    PtbxlFolderWriter.write(data, new PtbxlFolderWriter.Spec(40, 11, PtbxlFolderWriter.allVariants(), true, false,
        10, 1.0, List.of(3, 4)), i -> { });
    groupRecordsIntoPatients(data.resolve("ptbxl_database.csv"), 3);

    Path out = tmp.resolve("streaming");
    Cli cli = new Cli();
    int status = cli.run("evaluate", "--ptbxl", data.toString(), "--fold", "3,4", "--out", out.toString(),
        "--model", RepoFiles.path("model/ecgmon-ptbxl.onnx").toString(), "--timeout", "600");
    assertThat(status).as("evaluate failed: %s", cli.err).isZero();
    assertThat(cli.out.toString()).contains("n = 40, macro AUC").doesNotContain("got no classification");
    assertThat(out.resolve("roc.png")).isNotEmptyFile();
    assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,").contains("HYP");
    JsonNode streaming = JSON.readTree(out.resolve("evaluation.json").toFile());

    Path offlineJson = tmp.resolve("offline.json");
    Process p = new ProcessBuilder(python.toString(), "-m", "ecgmon_model.evaluate", "--data", data.toString(),
        "--fold", "3", "4", "--json", offlineJson.toString())
        .directory(RepoFiles.path("model").toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("python.log").toFile()).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("python evaluate: %s", Files.readString(tmp.resolve("python.log"))).isZero();
    JsonNode offline = JSON.readTree(offlineJson.toFile());

    assertThat(streaming.get("n").asInt()).isEqualTo(offline.get("n").asInt()).isEqualTo(40);
    assertThat(streaming.get("streaming").get("windows_metadata_missing").asLong()).isZero();
    assertThat(streaming.get("macro_auc").asDouble()).isCloseTo(offline.get("macro_auc").asDouble(), within(1e-4));
    for (String label : LABELS) {
      assertThat(streaming.get("auc").get(label).asDouble()).as("AUC of %s", label)
          .isCloseTo(offline.get("auc").get(label).asDouble(), within(1e-4));
      for (String metric : List.of("accuracy", "f1", "sensitivity", "specificity", "prevalence", "threshold")) {
        assertThat(streaming.get("per_class").get(label).get(metric).asDouble()).as("%s of %s", metric, label)
            .isCloseTo(offline.get("per_class").get(label).get(metric).asDouble(), within(1e-4));
      }
    }
  }

  /** Rewrites patient_id so that records come in groups of {@code size} per patient. */
  static void groupRecordsIntoPatients(Path database, int size) throws Exception {
    Pattern row = Pattern.compile("^(\\d+),([0-9.]+),");
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(database)) {
      Matcher m = row.matcher(line);
      if (m.find()) {
        int ecgId = Integer.parseInt(m.group(1));
        line = ecgId + "," + (500000 + (ecgId - 1) / size) + ".0," + line.substring(m.end());
      }
      out.add(line);
    }
    Files.write(database, out);
  }

  static Path python() throws Exception {
    String configured = System.getenv("ECGMON_PYTHON");
    Path python = configured != null ? Path.of(configured) : RepoFiles.path(".venv/bin/python");
    String problem = null;
    if (!Files.isExecutable(python)) {
      problem = "no Python interpreter at " + python + " (run ./ops/setup-python or set ECGMON_PYTHON)";
    } else {
      Process check = new ProcessBuilder(python.toString(), "-c", "import onnxruntime, sklearn, wfdb, onnx")
          .redirectErrorStream(true).start();
      if (!check.waitFor(120, TimeUnit.SECONDS) || check.exitValue() != 0) {
        problem = python + " lacks the model's packages (model/requirements.txt)";
      }
    }
    if (problem != null) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError("parity test cannot run on CI: " + problem);
      }
      Assumptions.abort(problem);
    }
    return python;
  }
}
