package io.ecgmon.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaClientOptionsTest {

  @Command(name = "probe", mixinStandardHelpOptions = true)
  static final class Probe implements Runnable {
    @Mixin
    KafkaClientOptions kafka;

    public void run() { }
  }

  private static KafkaClientOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.kafka;
  }

  @Test
  void defaultsPointAtTheLocalStack() {
    Properties p = parse().resolve(Map.of(), Map.of());
    assertThat(p).containsEntry("bootstrap.servers", "localhost:9092")
        .containsEntry("schema.registry.url", "http://127.0.0.1:8081");
  }

  @Test
  void commandDefaultsSitOnTheBuiltInOnes() {
    Properties p = parse().resolve(Map.of("client.id", "mine", "bootstrap.servers", "elsewhere:9092"), Map.of());
    assertThat(p).containsEntry("client.id", "mine").containsEntry("bootstrap.servers", "elsewhere:9092");
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
  void overridesAreTheCommandLineLayerOnly(@TempDir Path dir) {
    KafkaClientOptions o = parse("-r", "http://r:8081", "-p", "a=1", "--config", dir.resolve("x").toString());
    assertThat(o.overrides()).containsExactly(Map.entry("schema.registry.url", "http://r:8081"), Map.entry("a", "1"));
    assertThat(o.configFile()).isEqualTo(dir.resolve("x"));
    assertThat(parse().overrides()).isEmpty();
    assertThat(parse().configFile()).isNull();
  }

  @Test
  void helpShowsTheShortAndLongNames() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new Probe());
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("-b, --bootstrap-servers", "-r, --schema-registry-url", "--config=FILE",
        "-p, --property=KEY=VALUE", "ECGMON_BOOTSTRAP_SERVERS");
  }

  @Test
  void kafkaOnlyDropsTheSerdeKeys() {
    Properties p = parse("-p", "basic.auth.user.info=u:p", "-p", "specific.avro.reader=true").resolve(Map.of(),
        Map.of());
    assertThat(KafkaClientOptions.kafkaOnly(p)).containsOnlyKeys("bootstrap.servers");
  }
}
