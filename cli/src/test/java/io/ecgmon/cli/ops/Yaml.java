package io.ecgmon.cli.ops;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** YAML as docker compose reads it (anchors, aliases, merge keys), through SnakeYAML. */
final class Yaml {

  private Yaml() {}

  static Map<String, Object> load(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file)) {
      Object doc = new org.yaml.snakeyaml.Yaml().load(r);
      return map(doc);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    if (o == null) {
      return Map.of();
    }
    if (!(o instanceof Map)) {
      throw new AssertionError("expected a mapping, got " + o);
    }
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object o) {
    if (o == null) {
      return List.of();
    }
    if (!(o instanceof List)) {
      throw new AssertionError("expected a list, got " + o);
    }
    return (List<Object>) o;
  }
}
