package io.ecgmon.cli.topics;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.cli.topics.TopicChange.AddPartitions;
import io.ecgmon.cli.topics.TopicChange.Create;
import io.ecgmon.cli.topics.TopicChange.SetConfig;
import io.ecgmon.cli.topics.TopicChange.Unchanged;
import io.ecgmon.cli.topics.TopicChange.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicPlannerTest {

  private static final TopicSpec SEGMENTS = new TopicSpec("ecg-segments", 12, (short) 3,
      Map.of("min.insync.replicas", "2", "retention.ms", "21600000"), "");

  @Test
  void missingTopicsAreCreated() {
    assertThat(TopicPlanner.plan(List.of(SEGMENTS), Map.of())).containsExactly(new Create(SEGMENTS));
  }

  @Test
  void aMatchingTopicIsLeftAlone() {
    var existing = new TopicPlanner.Existing(12, 3,
        Map.of("min.insync.replicas", "2", "retention.ms", "21600000", "segment.bytes", "1073741824"));
    assertThat(TopicPlanner.plan(List.of(SEGMENTS), Map.of("ecg-segments", existing)))
        .containsExactly(new Unchanged("ecg-segments"));
  }

  @Test
  void partitionsAreRaisedAndConfigsAligned() {
    var existing = new TopicPlanner.Existing(6, 3, Map.of("min.insync.replicas", "2", "retention.ms", "604800000"));
    assertThat(TopicPlanner.plan(List.of(SEGMENTS), Map.of("ecg-segments", existing))).containsExactlyInAnyOrder(
        new AddPartitions("ecg-segments", 6, 12),
        new SetConfig("ecg-segments", "retention.ms", "604800000", "21600000"));
  }

  @Test
  void whatKafkaCannotDoSimplyIsAWarning() {
    var existing = new TopicPlanner.Existing(24, 1, Map.of("min.insync.replicas", "2", "retention.ms", "21600000"));
    List<TopicChange> plan = TopicPlanner.plan(List.of(SEGMENTS), Map.of("ecg-segments", existing));
    assertThat(plan).hasSize(2).allMatch(c -> c instanceof Warning).noneMatch(TopicChange::changesCluster);
    assertThat(plan.get(0).line()).contains("cannot remove partitions");
    assertThat(plan.get(1).line()).contains("reassignment");
  }

  @Test
  void replicationFitsTheClusterWithAWarning() {
    List<TopicChange> warnings = new ArrayList<>();
    List<TopicSpec> fitted = TopicPlanner.fitToCluster(List.of(SEGMENTS), 1, 0, warnings);
    assertThat(fitted.get(0).replicationFactor()).isEqualTo((short) 1);
    assertThat(fitted.get(0).configs()).containsEntry("min.insync.replicas", "1")
        .containsEntry("retention.ms", "21600000");
    assertThat(warnings).hasSize(2);

    warnings.clear();
    assertThat(TopicPlanner.fitToCluster(List.of(SEGMENTS), 5, 0, warnings).get(0)).isEqualTo(SEGMENTS);
    assertThat(warnings).isEmpty();
    assertThat(TopicPlanner.fitToCluster(List.of(SEGMENTS), 5, 4, warnings).get(0).replicationFactor())
        .isEqualTo((short) 4);
  }
}
