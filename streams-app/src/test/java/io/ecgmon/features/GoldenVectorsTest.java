package io.ecgmon.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java half of the shared-feature contract: the golden vectors written by
 * {@code python -m ecgmon_model.golden} must come out of {@link SignalFeatures} and
 * {@link MetadataFeatures} within the file's tolerance.
 */
class GoldenVectorsTest {

  static final Path GOLDEN = Path.of("..", "model", "golden", "features_golden.json");
  static JsonNode golden;
  static FeatureSpec spec;
  static double rtol;
  static double atol;

  @BeforeAll
  static void load() throws IOException {
    golden = new ObjectMapper().readTree(Files.readAllBytes(GOLDEN));
    spec = FeatureSpec.load();
    rtol = golden.at("/tolerance/relative").asDouble();
    atol = golden.at("/tolerance/absolute").asDouble();
  }

  @Test
  void classpathSpecIsTheOneTheGoldenVectorsWereMadeWith() {
    assertEquals(golden.get("spec_sha256").asText(), spec.sha256(),
        "model/feature_spec.json changed: regenerate the golden vectors");
  }

  @Test
  void signalFeaturesMatchPython() {
    SignalFeatures features = new SignalFeatures(spec);
    assertTrue(golden.get("signals").size() >= 3);
    for (JsonNode c : golden.get("signals")) {
      String name = c.get("name").asText();
      double gain = c.get("gain_per_mv").asDouble();
      double[][] mv = toMatrix(c.get("counts"), gain);
      WindowFeatures out = features.extract(features.resampleToSpecRate(mv, c.get("sample_rate_hz").asDouble()));
      JsonNode expected = c.get("expected");
      assertClose(name + "/ecg", expected.get("ecg"), out.ecg());
      assertClose(name + "/fft", expected.get("fft"), out.fft());
      for (int lead = 0; lead < out.spectrogram().length; lead++) {
        assertClose(name + "/spectrogram[" + lead + "]", expected.get("spectrogram").get(lead), out.spectrogram()[lead]);
      }
    }
  }

  @Test
  void metadataFeaturesMatchPython() {
    MetadataFeatures metadata = new MetadataFeatures(spec);
    for (JsonNode c : golden.get("metadata")) {
      JsonNode in = c.get("input");
      String sex = in.get("sex").isNull() ? "UNKNOWN" : in.get("sex").asText().toUpperCase();
      float[] out = metadata.encode(number(in.get("age")), MetadataFeatures.Sex.valueOf(sex),
          number(in.get("height_cm")), number(in.get("weight_kg")));
      assertClose("metadata " + in, c.get("expected"), new float[][] {out}, true);
    }
  }

  private static Double number(JsonNode n) {
    return n == null || n.isNull() ? null : n.asDouble();
  }

  private static double[][] toMatrix(JsonNode rows, double gain) {
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      JsonNode row = rows.get(i);
      out[i] = new double[row.size()];
      for (int j = 0; j < row.size(); j++) {
        out[i][j] = row.get(j).asDouble() / gain;
      }
    }
    return out;
  }

  private static void assertClose(String what, JsonNode expected, float[][] actual) {
    assertClose(what, expected, actual, false);
  }

  private static void assertClose(String what, JsonNode expected, float[][] actual, boolean flat) {
    assertEquals(flat ? 1 : expected.size(), actual.length, what + ": rows");
    for (int i = 0; i < actual.length; i++) {
      JsonNode row = flat ? expected : expected.get(i);
      assertEquals(row.size(), actual[i].length, what + ": columns of row " + i);
      for (int j = 0; j < actual[i].length; j++) {
        double e = row.get(j).asDouble();
        double a = actual[i][j];
        assertTrue(Math.abs(a - e) <= atol + rtol * Math.abs(e),
            what + "[" + i + "][" + j + "]: expected " + e + ", got " + a);
      }
    }
  }
}
