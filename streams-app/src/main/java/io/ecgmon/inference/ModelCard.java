package io.ecgmon.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecgmon.features.FeatureSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model card carried inside the ONNX file ({@code metadata_props["model_card"]}): labels,
 * per-class thresholds, input/output names and shapes, and the feature spec the model was trained on.
 * Serving reads all of these from the model it loads, so a retrained model with other thresholds
 * needs no code change.
 */
public record ModelCard(
    String name,
    String version,
    List<String> labels,
    Map<String, Float> thresholds,
    Map<String, List<Object>> inputs,
    String outputName,
    String featureSpecSha256,
    JsonNode featureSpecJson) {

  public static final String METADATA_KEY = "model_card";

  public static ModelCard parse(String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("model card is not valid JSON: " + e.getMessage(), e);
    }
    for (String field : List.of("name", "version", "labels", "thresholds", "inputs", "output",
        "feature_spec_sha256", "feature_spec")) {
      if (!root.hasNonNull(field)) {
        throw new IllegalArgumentException("model card has no '" + field + "'");
      }
    }
    List<String> labels = new ArrayList<>();
    root.get("labels").forEach(n -> labels.add(n.asText()));
    Map<String, Float> thresholds = new LinkedHashMap<>();
    for (String label : labels) {
      JsonNode t = root.get("thresholds").get(label);
      if (t == null || !t.isNumber()) {
        throw new IllegalArgumentException("model card has no threshold for label " + label);
      }
      thresholds.put(label, t.floatValue());
    }
    Map<String, List<Object>> inputs = new LinkedHashMap<>();
    root.get("inputs").fields().forEachRemaining(e -> {
      List<Object> dims = new ArrayList<>();
      e.getValue().forEach(d -> dims.add(d.isNumber() ? (Object) d.asLong() : d.asText()));
      inputs.put(e.getKey(), List.copyOf(dims));
    });
    return new ModelCard(root.get("name").asText(), root.get("version").asText(), List.copyOf(labels),
        Map.copyOf(thresholds), Map.copyOf(inputs), root.get("output").get("name").asText(),
        root.get("feature_spec_sha256").asText(), root.get("feature_spec"));
  }

  /**
   * The feature spec this model was trained on, checked against the spec this build implements
   * (the classpath copy of {@code model/feature_spec.json}): same hash, same content. A model trained
   * on another spec would get inputs computed differently, so serving refuses to start.
   */
  public FeatureSpec verifiedFeatureSpec(FeatureSpec built) {
    if (!featureSpecSha256.equals(built.sha256())) {
      throw new IllegalStateException("model " + name + " " + version + " was trained on feature spec sha256 "
          + featureSpecSha256 + ", this build implements " + built.sha256()
          + " (model/feature_spec.json): rebuild with the model's spec or use a matching model");
    }
    FeatureSpec fromCard;
    try {
      fromCard = FeatureSpec.parse(new ObjectMapper().writeValueAsBytes(featureSpecJson));
    } catch (IOException e) {
      throw new IllegalStateException("model card feature_spec cannot be read: " + e.getMessage(), e);
    }
    // the card's copy is the spec the model was trained with; the hash only covers the file bytes
    FeatureSpec a = withoutHash(fromCard);
    FeatureSpec b = withoutHash(built);
    if (!a.equals(b)) {
      throw new IllegalStateException("model card feature_spec differs from this build's feature spec although "
          + "the hash matches: the model file is inconsistent");
    }
    if (!labels.equals(built.labels())) {
      throw new IllegalStateException("model labels " + labels + " differ from the feature spec's " + built.labels());
    }
    return built;
  }

  private static FeatureSpec withoutHash(FeatureSpec s) {
    return new FeatureSpec(s.leads(), s.sampleRateHz(), s.windowSamples(), s.removeMean(), s.clipMv(), s.fftSize(),
        s.fftBins(), s.fftRefMv(), s.stftSize(), s.stftHop(), s.stftFrames(), s.stftBins(), s.stftRefMv(), s.age(),
        s.ageOver89Code(), s.ageOver89Value(), s.heightCm(), s.weightKg(), s.labels(), "");
  }
}
