package io.ecgmon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class ClientOptionsTest {

  @Command(name = "probe")
  static final class Probe implements Runnable {
    @Mixin
    ClientOptions client;

    public void run() { }
  }

  private static ClientOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.client;
  }

  @Test
  void defaultsPointAtTheLocalStack() {
    Properties p = parse().resolve(Map.of(), Map.of());
    assertThat(p).containsEntry("bootstrap.servers", "localhost:9092")
        .containsEntry("schema.registry.url", "http://127.0.0.1:8081");
  }

  @Test
  void layersWinInOrderFileEnvironmentOptionsProperties(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "bootstrap.servers=file:9092\nsecurity.protocol=SSL\nclient.id=from-file\n"
        + "schema.registry.url=http://file:8081\n");
    Map<String, String> env = Map.of("ECGMON_BOOTSTRAP_SERVERS", "env:9092", "ECGMON_CLIENT_ID", "from-env");

    assertThat(parse("--config", file.toString()).resolve(Map.of("client.id", "default"), env))
        .containsEntry("bootstrap.servers", "env:9092")
        .containsEntry("client.id", "from-env")
        .containsEntry("security.protocol", "SSL")
        .containsEntry("schema.registry.url", "http://file:8081");

    assertThat(parse("--config", file.toString(), "-b", "flag:9092", "--schema-registry-url", "http://flag:8081",
        "--property", "bootstrap.servers=prop:9092", "-p", "linger.ms=5").resolve(Map.of(), env))
        .containsEntry("bootstrap.servers", "prop:9092")
        .containsEntry("schema.registry.url", "http://flag:8081")
        .containsEntry("linger.ms", "5");
  }

  @Test
  void kafkaOnlyDropsTheSerdeKeys() {
    Properties p = parse("-p", "basic.auth.user.info=u:p", "-p", "specific.avro.reader=true").resolve(Map.of(),
        Map.of());
    assertThat(ClientOptions.kafkaOnly(p)).containsOnlyKeys("bootstrap.servers");
  }
}
