package io.ecgmon.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the simulator's topics when missing: segments (delete policy) and patient info (compacted).
 * Existing topics are left as they are; replication follows the broker's default.
 */
public final class Topics {

  private Topics() {}

  /** Returns the topics it created. */
  public static List<String> ensure(Map<String, Object> adminConfig, String segments, String patientInfo,
      int partitions) throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    try (Admin admin = Admin.create(adminConfig)) {
      Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      List<NewTopic> wanted = new ArrayList<>();
      if (!existing.contains(segments)) {
        wanted.add(new NewTopic(segments, Optional.of(partitions), Optional.empty()));
      }
      if (!existing.contains(patientInfo)) {
        wanted.add(new NewTopic(patientInfo, Optional.of(partitions), Optional.empty())
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      }
      List<String> created = new ArrayList<>();
      for (NewTopic t : wanted) {
        try {
          admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
          created.add(t.name());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      return created;
    }
  }
}
