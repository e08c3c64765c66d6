package io.ecgmon.cli.topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads ops/topics.yaml: {@code defaults} (replicationFactor, configs) and {@code topics} by name
 * (partitions, optional replicationFactor, configs merged over the defaults' configs, description).
 * Unknown keys are an error, so a typo does not silently fall back to a default.
 */
public final class TopicDefinitions {

  /** The copy of ops/topics.yaml inside the CLI jar. */
  public static final String BUILT_IN = "/ecgmon/topics.yaml";

  private static final Set<String> DEFAULT_KEYS = Set.of("replicationFactor", "configs");
  private static final Set<String> TOPIC_KEYS = Set.of("partitions", "replicationFactor", "configs", "description");

  private TopicDefinitions() {}

  public static List<TopicSpec> load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read topic definitions " + file + ": " + e.getMessage(), e);
    }
  }

  public static List<TopicSpec> builtIn() {
    try (InputStream in = TopicDefinitions.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException("the CLI jar has no " + BUILT_IN);
      }
      return parse(in, "built-in topics.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<TopicSpec> parse(InputStream in, String source) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
    if (root == null || !root.isObject() || !root.path("topics").isObject()) {
      throw new IllegalArgumentException(source + ": expected a 'topics' mapping");
    }
    JsonNode defaults = root.path("defaults");
    checkKeys(defaults, DEFAULT_KEYS, source + " defaults");
    int defaultReplication = defaults.path("replicationFactor").asInt(1);
    Map<String, String> defaultConfigs = configs(defaults.path("configs"));
    List<TopicSpec> specs = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.path("topics").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode t = e.getValue();
      checkKeys(t, TOPIC_KEYS, source + " topic " + e.getKey());
      if (!t.path("partitions").canConvertToInt()) {
        throw new IllegalArgumentException(source + ": topic " + e.getKey() + " needs an integer 'partitions'");
      }
      Map<String, String> merged = new LinkedHashMap<>(defaultConfigs);
      merged.putAll(configs(t.path("configs")));
      specs.add(new TopicSpec(e.getKey(), t.path("partitions").asInt(),
          (short) t.path("replicationFactor").asInt(defaultReplication), merged,
          t.path("description").asText("")));
    }
    return specs;
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
    if (node.isMissingNode()) {
      return;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + ": expected a mapping");
    }
    node.fieldNames().forEachRemaining(k -> {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(where + ": unknown key '" + k + "' (allowed: " + allowed + ")");
      }
    });
  }

  private static Map<String, String> configs(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    if (node.isMissingNode() || node.isNull()) {
      return m;
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException("configs must be a mapping of topic config names to values");
    }
    node.fields().forEachRemaining(e -> {
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new IllegalArgumentException("config " + e.getKey() + " must be a single value");
      }
      m.put(e.getKey(), e.getValue().asText());
    });
    return m;
  }
}
