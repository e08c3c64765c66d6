package io.ecgmon.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigTest {

  @Test
  void laterLayersWin(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("app.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nacks=1\nlinger.ms=5\n");
    Properties p = ClientConfig.load(
        Map.of("bootstrap.servers", "default:9092", "acks", "all", "client.id", "sim"),
        file,
        Map.of("ECGMON_ACKS", "0", "ECGMON_LINGER_MS", "20", "PATH", "/usr/bin", "KAFKA_HEAP_OPTS", "-Xmx1g"),
        Map.of("linger.ms", "50"));
    assertThat(p.getProperty("client.id")).isEqualTo("sim");
    assertThat(p.getProperty("bootstrap.servers")).isEqualTo("file:9092");
    assertThat(p.getProperty("acks")).isEqualTo("0");
    assertThat(p.getProperty("linger.ms")).isEqualTo("50");
    assertThat(p).doesNotContainKeys("path", "heap.opts", "kafka.heap.opts");
  }

  @Test
  void environmentNamesRoundTrip() {
    for (String name : new String[] {"bootstrap.servers", "schema.registry.url", "basic.auth.user.info",
        "processing.guarantee", "ecgmon.max_batch", "sasl.jaas-config"}) {
      String env = ClientConfig.environmentName(name);
      assertThat(env).startsWith("ECGMON_").matches("[A-Z0-9_]+");
      assertThat(ClientConfig.fromEnvironment(Map.of(env, "v")).stringPropertyNames()).containsExactly(name);
    }
    assertThat(ClientConfig.environmentName("schema.registry.url")).isEqualTo("ECGMON_SCHEMA_REGISTRY_URL");
  }

  @Test
  void missingFileNamesIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> ClientConfig.load(Map.of(), missing, Map.of(), Map.of()))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("nope.properties");
  }
}
