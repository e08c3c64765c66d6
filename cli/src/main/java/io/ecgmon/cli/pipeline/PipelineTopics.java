package io.ecgmon.cli.pipeline;

import io.ecgmon.monitor.MonitorConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The five topics of one pipeline run, all named {@code <prefix><usual name>}: a run of evaluate or
 * bench on a shared cluster never mixes with live data or with another run.
 */
public record PipelineTopics(String segments, String patientInfo, String classifications, String alerts,
    String deadLetters) {

  public static PipelineTopics prefixed(String prefix) {
    return new PipelineTopics(prefix + "ecg-segments", prefix + "patient-info", prefix + "classifications",
        prefix + "alerts", prefix + "dead-letters");
  }

  public List<String> all() {
    return List.of(segments, patientInfo, classifications, alerts, deadLetters);
  }

  /** The monitor settings that point it at these topics. */
  public Map<String, String> monitorSettings() {
    return Map.of(MonitorConfig.TOPIC_SEGMENTS, segments, MonitorConfig.TOPIC_PATIENT_INFO, patientInfo,
        MonitorConfig.TOPIC_CLASSIFICATIONS, classifications, MonitorConfig.TOPIC_ALERTS, alerts,
        MonitorConfig.TOPIC_DEAD_LETTERS, deadLetters);
  }

  /**
   * Creates the topics (broker-default replication); the inputs with {@code partitions} partitions
   * (co-partitioned, as the monitor requires), patient-info compacted.
   */
  public void create(Admin admin, int partitions) throws ExecutionException, InterruptedException {
    List<NewTopic> topics = List.of(
        new NewTopic(segments, Optional.of(partitions), Optional.empty()),
        new NewTopic(patientInfo, Optional.of(partitions), Optional.empty())
            .configs(Map.of("cleanup.policy", "compact")),
        new NewTopic(classifications, Optional.of(partitions), Optional.empty()),
        new NewTopic(alerts, Optional.of(1), Optional.empty()),
        new NewTopic(deadLetters, Optional.of(1), Optional.empty()));
    try {
      admin.createTopics(topics).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
    }
  }

  public void delete(Admin admin) throws ExecutionException, InterruptedException {
    admin.deleteTopics(all()).all().get();
  }
}
