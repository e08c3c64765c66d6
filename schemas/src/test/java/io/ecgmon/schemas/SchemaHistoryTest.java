package io.ecgmon.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.registry.CompatibilityLevel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every published version of every schema stays in {@code schemas/history/<Name>/v<N>.avsc}; the
 * current schema (src/main/avro) must be the latest published one, and each version must be able to
 * read data written with the one before (BACKWARD, Avro's SchemaCompatibility).
 */
class SchemaHistoryTest {

  static final Path HISTORY = Path.of("history");
  static final Path CURRENT = Path.of("src", "main", "avro");

  static Stream<String> schemaNames() throws IOException {
    try (Stream<Path> files = Files.list(CURRENT)) {
      return files.map(p -> p.getFileName().toString().replace(".avsc", "")).sorted().toList().stream();
    }
  }

  static Schema parse(Path p) {
    try {
      return new Schema.Parser().parse(p.toFile());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<Path> versions(String name) throws IOException {
    List<Path> out = new java.util.ArrayList<>();
    for (int v = 1; Files.exists(HISTORY.resolve(name).resolve("v" + v + ".avsc")); v++) {
      out.add(HISTORY.resolve(name).resolve("v" + v + ".avsc"));
    }
    try (Stream<Path> all = Files.list(HISTORY.resolve(name))) {
      assertThat(all.count()).as("versions of %s must be v1..vN without gaps", name).isEqualTo(out.size());
    }
    return out;
  }

  @Test
  void everyTopicSchemaHasAHistory() throws IOException {
    assertThat(schemaNames().toList())
        .containsExactlyInAnyOrder("Alert", "Classification", "DeadLetter", "EcgSegment", "PatientInfo");
  }

  @ParameterizedTest
  @MethodSource("schemaNames")
  void currentSchemaIsTheLatestPublishedVersion(String name) throws IOException {
    List<Path> versions = versions(name);
    assertThat(versions).as("published versions of %s", name).isNotEmpty();
    assertThat(parse(CURRENT.resolve(name + ".avsc")))
        .as("src/main/avro/%s.avsc changed: publish it as history/%s/v%d.avsc", name, name, versions.size() + 1)
        .isEqualTo(parse(versions.get(versions.size() - 1)));
  }

  @ParameterizedTest
  @MethodSource("schemaNames")
  void eachVersionReadsTheOneBefore(String name) throws IOException {
    List<Path> versions = versions(name);
    for (int i = 1; i < versions.size(); i++) {
      Schema reader = parse(versions.get(i));
      Schema writer = parse(versions.get(i - 1));
      assertThat(CompatibilityLevel.canRead(reader, writer))
          .as("%s v%d must read v%d (BACKWARD)", name, i + 1, i).isTrue();
    }
  }

  @Test
  void theCheckRejectsANewRequiredField() {
    Schema v1 = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    Schema withDefault = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
        + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[\"null\",\"int\"],\"default\":null}]}");
    Schema required = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":["
        + "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}]}");
    assertThat(CompatibilityLevel.canRead(withDefault, v1)).isTrue();
    assertThat(CompatibilityLevel.canRead(required, v1)).isFalse();
  }
}
