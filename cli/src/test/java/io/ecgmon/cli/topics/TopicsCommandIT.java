package io.ecgmon.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.broker.TestKafka;
import io.ecgmon.cli.Cli;
import io.ecgmon.cli.Ecgmon;
import io.ecgmon.cli.KafkaFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ecgmon topics against a real broker: create, rerun (no change), raise, align configs, dry run. */
class TopicsCommandIT {

  private final String bootstrap = TestKafka.bootstrapServers();
  private final String a = "it-a-" + UUID.randomUUID();
  private final String b = "it-b-" + UUID.randomUUID();

  private String yaml(int partitionsA, String retentionA) {
    return """
        defaults: {replicationFactor: 3, configs: {min.insync.replicas: 2}}
        topics:
          %s: {partitions: %d, configs: {cleanup.policy: delete, retention.ms: %s}}
          %s: {partitions: 1, configs: {cleanup.policy: compact}}
        """.formatted(a, partitionsA, retentionA, b);
  }

  private Cli topics(Path file, String... more) {
    Cli cli = new Cli();
    String[] args = new String[] {"topics", "-b", bootstrap, "--file", file.toString()};
    String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(more))
        .toArray(String[]::new);
    assertThat(cli.run(all)).as(cli.err.toString()).isEqualTo(Ecgmon.OK);
    return cli;
  }

  @Test
  void appliesTheDefinitionsIdempotently(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("topics.yaml");
    Files.writeString(file, yaml(2, "3600000"));

    Cli dry = topics(file, "--dry-run");
    assertThat(dry.out.toString()).contains("(dry run) create   " + a, "dry run: 2 change(s) to apply",
        "WARNING  " + a + ": replication 3 > 1 broker(s)");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      assertThat(admin.listTopics().names().get()).doesNotContain(a, b);

      assertThat(topics(file).out.toString()).contains("create   " + a + " partitions=2 replication=1",
          "2 change(s) applied");
      assertThat(topics(file).out.toString()).contains("ok       " + a, "ok       " + b, "0 change(s) applied");
      TopicDescription d = admin.describeTopics(List.of(a)).allTopicNames().get().get(a);
      assertThat(d.partitions()).hasSize(2);
      assertThat(config(admin, b, "cleanup.policy")).isEqualTo("compact");
      assertThat(config(admin, a, "min.insync.replicas")).isEqualTo("1");

      Files.writeString(file, yaml(4, "7200000"));
      assertThat(topics(file).out.toString()).contains("raise    " + a + " partitions 2 -> 4",
          "config   " + a + " retention.ms 3600000 -> 7200000", "2 change(s) applied");
      assertThat(admin.describeTopics(List.of(a)).allTopicNames().get().get(a).partitions()).hasSize(4);
      // brokers apply config changes from the metadata log: shortly after the call returns
      KafkaFixture.waitUntil("retention.ms to be 7200000", () -> "7200000".equals(config(admin, a, "retention.ms")));

      Files.writeString(file, yaml(3, "7200000"));
      assertThat(topics(file).out.toString()).contains("cannot remove partitions", "0 change(s) applied");
    }
  }

  @Test
  void theShippedDefinitionsAreAcceptedByKafka() throws Exception {
    Cli cli = new Cli();
    assertThat(cli.run("topics", "-b", bootstrap)).as(cli.err.toString()).isEqualTo(Ecgmon.OK);
    Cli again = new Cli();
    assertThat(again.run("topics", "-b", bootstrap)).isEqualTo(Ecgmon.OK);
    assertThat(again.out.toString()).contains("ok       ecg-segments", "ok       _schemas", "0 change(s) applied");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      assertThat(admin.describeTopics(List.of("ecg-segments")).allTopicNames().get().get("ecg-segments")
          .partitions()).hasSize(12);
      assertThat(config(admin, "patient-info", "cleanup.policy")).isEqualTo("compact");
    }
  }

  private static String config(Admin admin, String topic, String key) {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      return admin.describeConfigs(List.of(r)).all().get().get(r).get(key).value();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
