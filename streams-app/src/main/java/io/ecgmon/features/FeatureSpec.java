package io.ecgmon.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The feature spec, {@code model/feature_spec.json}: the one definition of the model inputs, shared
 * with the Python training code. The build copies that file onto the classpath, so serving reads the
 * very bytes training read; {@link #sha256()} lets serving check them against the model card.
 *
 * <p>Values this implementation does not know (another window function, resampling method or log
 * scaling) are refused at load time rather than silently computed differently.
 */
public record FeatureSpec(
    List<String> leads,
    int sampleRateHz,
    int windowSamples,
    boolean removeMean,
    double clipMv,
    int fftSize,
    int fftBins,
    double fftRefMv,
    int stftSize,
    int stftHop,
    int stftFrames,
    int stftBins,
    double stftRefMv,
    ZScore age,
    double ageOver89Code,
    double ageOver89Value,
    ZScore heightCm,
    ZScore weightKg,
    List<String> labels,
    String sha256) {

  public static final String RESOURCE = "/ecgmon/feature_spec.json";

  /** Mean/std normalisation with a validity range; out-of-range values count as missing. */
  public record ZScore(double mean, double std, double validMin, double validMax) {
    static ZScore of(JsonNode n) {
      return new ZScore(
          n.get("mean").asDouble(), n.get("std").asDouble(),
          n.get("valid_min").asDouble(), n.get("valid_max").asDouble());
    }
  }

  /** The spec shipped on the classpath. */
  public static FeatureSpec load() {
    try (InputStream in = FeatureSpec.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("feature spec " + RESOURCE + " is not on the classpath");
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static FeatureSpec parse(byte[] json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("feature spec is not valid JSON", e);
    }
    require(root, "/resample/method", "block_mean");
    require(root, "/fft/window", "hann_periodic");
    require(root, "/fft/log", "log1p(magnitude / ref_mv)");
    require(root, "/stft/window", "hann_periodic");
    require(root, "/stft/padding", "none");
    require(root, "/stft/log", "log1p(magnitude / ref_mv)");
    JsonNode time = root.get("time");
    JsonNode fft = root.get("fft");
    JsonNode stft = root.get("stft");
    JsonNode meta = root.get("metadata");
    FeatureSpec spec = new FeatureSpec(
        strings(root.get("leads")),
        root.get("sample_rate_hz").asInt(),
        root.get("window_samples").asInt(),
        time.get("remove_mean").asBoolean(),
        time.get("clip_mv").asDouble(),
        fft.get("n_fft").asInt(),
        fft.get("bins").asInt(),
        fft.get("ref_mv").asDouble(),
        stft.get("n_fft").asInt(),
        stft.get("hop").asInt(),
        stft.get("frames").asInt(),
        stft.get("bins").asInt(),
        stft.get("ref_mv").asDouble(),
        ZScore.of(meta.get("age")),
        meta.get("age").get("over_89_code").asDouble(),
        meta.get("age").get("over_89_value").asDouble(),
        ZScore.of(meta.get("height_cm")),
        ZScore.of(meta.get("weight_kg")),
        strings(root.get("labels")),
        sha256(json));
    if ((spec.windowSamples - spec.stftSize) / spec.stftHop + 1 != spec.stftFrames
        || spec.stftBins != spec.stftSize / 2 + 1
        || spec.fftBins > spec.fftSize / 2 + 1) {
      throw new IllegalArgumentException("feature spec sizes are inconsistent");
    }
    return spec;
  }

  private static void require(JsonNode root, String pointer, String expected) {
    String actual = root.at(pointer).asText();
    if (!expected.equals(actual)) {
      throw new IllegalArgumentException(
          "feature spec " + pointer + " is '" + actual + "'; this build implements '" + expected + "'");
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
