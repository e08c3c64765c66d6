package io.ecgmon.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.monitor.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Surefire runs in streams-app/, which has no model/ folder: the packaged copy must serve. */
class ShippedModelTest {

  private static final Path CHECKOUT_MODEL = Path.of("..", ShippedModel.FILE);

  @Test
  void thePackagedCopyIsTheCheckoutsModelByteForByte() throws Exception {
    Path packaged = ShippedModel.packaged();
    assertThat(packaged).isRegularFile();
    assertThat(Files.readAllBytes(packaged)).isEqualTo(Files.readAllBytes(CHECKOUT_MODEL));
    assertThat(ShippedModel.packaged()).as("extracted once").isEqualTo(packaged);
  }

  @Test
  void withoutAModelInTheWorkingDirectoryThePackagedCopyIsUsed() {
    assertThat(Path.of(ShippedModel.FILE)).doesNotExist();
    assertThat(ShippedModel.locate()).isEqualTo(ShippedModel.packaged());
  }

  @Test
  void anUnsetModelPathMeansTheShippedModelAndASetOneIsTakenAsGiven() {
    assertThat(MonitorConfig.load(null, Map.of(), Map.of()).modelPath()).isEqualTo(ShippedModel.locate());
    assertThat(MonitorConfig.load(null, Map.of("ECGMON_MODEL_PATH", "/x/m.onnx"), Map.of()).modelPath())
        .isEqualTo(Path.of("/x/m.onnx"));
  }

  @Test
  void thePackagedModelOpensAndPassesItsCardChecks() throws Exception {
    try (OnnxClassifier c = OnnxClassifier.open(ShippedModel.packaged(), Provider.CPU, 1)) {
      assertThat(c.card().verifiedFeatureSpec(io.ecgmon.features.FeatureSpec.load())).isNotNull();
    }
  }
}
