package io.ecgmon.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.cli.RepoFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicDefinitionsTest {

  private static Map<String, TopicSpec> byName(List<TopicSpec> specs) {
    return specs.stream().collect(Collectors.toMap(TopicSpec::name, Function.identity()));
  }

  @Test
  void theShippedDefinitionsHaveEveryTopicOfTheConventions() {
    Map<String, TopicSpec> t = byName(TopicDefinitions.load(RepoFiles.path("ops/topics.yaml")));
    assertThat(t).containsOnlyKeys("ecg-segments", "patient-info", "classifications", "alerts",
        "ecgmon-monitor-dead-letters", "_schemas");
    assertThat(t.get("_schemas").partitions()).isEqualTo(1);
    assertThat(t.get("_schemas").configs()).containsEntry("cleanup.policy", "compact");
    assertThat(t.get("patient-info").configs()).containsEntry("cleanup.policy", "compact");
    // the monitor joins segments with patient info by key: both need the same partition count
    assertThat(t.get("patient-info").partitions()).isEqualTo(t.get("ecg-segments").partitions());
    for (TopicSpec s : t.values()) {
      assertThat(s.replicationFactor()).as(s.name()).isGreaterThanOrEqualTo((short) 3);
      assertThat(s.configs()).as(s.name()).containsEntry("min.insync.replicas", "2");
      if ("delete".equals(s.configs().get("cleanup.policy"))) {
        assertThat(s.configs()).as(s.name() + " retention").containsKey("retention.ms");
      }
    }
  }

  @Test
  void theCliShipsTheSameDefinitions() {
    assertThat(TopicDefinitions.builtIn()).isEqualTo(TopicDefinitions.load(RepoFiles.path("ops/topics.yaml")));
  }

  private static List<TopicSpec> parse(String yaml) throws Exception {
    return TopicDefinitions.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
  }

  @Test
  void topicConfigsMergeOverTheDefaults() throws Exception {
    List<TopicSpec> specs = parse("""
        defaults: {replicationFactor: 2, configs: {min.insync.replicas: 2, retention.ms: 1000}}
        topics:
          a: {partitions: 3, configs: {retention.ms: 5000}}
          b: {partitions: 1, replicationFactor: 1}
        """);
    assertThat(specs).containsExactly(
        new TopicSpec("a", 3, (short) 2, Map.of("min.insync.replicas", "2", "retention.ms", "5000"), ""),
        new TopicSpec("b", 1, (short) 1, Map.of("min.insync.replicas", "2", "retention.ms", "1000"), ""));
  }

  @Test
  void mistakesAreErrorsNotDefaults() {
    assertThatThrownBy(() -> parse("topics: {a: {partitions: 3, retention: 5}}"))
        .hasMessageContaining("unknown key 'retention'");
    assertThatThrownBy(() -> parse("topics: {a: {configs: {}}}")).hasMessageContaining("integer 'partitions'");
    assertThatThrownBy(() -> parse("topics: {a: {partitions: 0}}")).hasMessageContaining("partitions must be >= 1");
    assertThatThrownBy(() -> parse("topics: {a: {partitions: 1, configs: {x: [1, 2]}}}"))
        .hasMessageContaining("single value");
    assertThatThrownBy(() -> parse("topic: {}")).hasMessageContaining("'topics'");
  }
}
