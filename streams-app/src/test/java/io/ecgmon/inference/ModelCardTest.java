package io.ecgmon.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ecgmon.features.FeatureSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelCardTest {

  static final Path CARD = Path.of("..", "model", "ecgmon-ptbxl.card.json");

  @Test
  void thresholdsAndSpecComeFromTheCard() throws Exception {
    ModelCard card = ModelCard.parse(Files.readString(CARD));
    assertThat(card.thresholds()).containsKeys("NORM", "MI", "STTC", "CD", "HYP");
    assertThat(card.outputName()).isEqualTo("probabilities");
    assertThat(card.verifiedFeatureSpec(FeatureSpec.load())).isEqualTo(FeatureSpec.load());
  }

  @Test
  void aCardForAnotherFeatureSpecIsRefused() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(Files.readString(CARD));
    root.put("feature_spec_sha256", "00ff");
    ModelCard otherHash = ModelCard.parse(json.writeValueAsString(root));
    assertThatThrownBy(() -> otherHash.verifiedFeatureSpec(FeatureSpec.load()))
        .hasMessageContaining("trained on feature spec sha256 00ff");

    root = (ObjectNode) json.readTree(Files.readString(CARD));
    ((ObjectNode) root.get("feature_spec").get("fft")).put("bins", 300);
    ModelCard otherContent = ModelCard.parse(json.writeValueAsString(root));
    assertThatThrownBy(() -> otherContent.verifiedFeatureSpec(FeatureSpec.load()))
        .hasMessageContaining("differs");
  }

  @Test
  void aCardWithoutAThresholdIsRefused() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = (ObjectNode) json.readTree(Files.readString(CARD));
    ((ObjectNode) root.get("thresholds")).remove("HYP");
    assertThatThrownBy(() -> ModelCard.parse(json.writeValueAsString(root))).hasMessageContaining("HYP");
  }
}
