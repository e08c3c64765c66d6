package io.ecgmon.cli.topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the definitions with what a cluster has and lists the changes, without touching Kafka:
 * create what is missing, raise partition counts, set configs that differ. Kafka cannot lower a
 * partition count and changing replication needs a reassignment, so those become warnings.
 */
public final class TopicPlanner {

  /** A topic as the cluster has it: configs are the effective values, defaults included. */
  public record Existing(int partitions, int replicationFactor, Map<String, String> configs) {}

  private TopicPlanner() {}

  /**
   * The definitions fitted to a cluster of {@code brokers} brokers: replication (or {@code forcedReplication}
   * when positive) at most the broker count and min.insync.replicas at most the replication, each
   * lowering reported in {@code warnings}.
   */
  public static List<TopicSpec> fitToCluster(List<TopicSpec> specs, int brokers, int forcedReplication,
      List<TopicChange> warnings) {
    List<TopicSpec> fitted = new ArrayList<>();
    for (TopicSpec s : specs) {
      int replication = forcedReplication > 0 ? forcedReplication : s.replicationFactor();
      if (replication > brokers) {
        warnings.add(new TopicChange.Warning(s.name(), "replication " + replication + " > " + brokers
            + " broker(s): using " + brokers));
        replication = brokers;
      }
      Map<String, String> configs = new LinkedHashMap<>(s.configs());
      String minIsr = configs.get("min.insync.replicas");
      if (minIsr != null && Integer.parseInt(minIsr.trim()) > replication) {
        warnings.add(new TopicChange.Warning(s.name(), "min.insync.replicas " + minIsr.trim() + " > replication "
            + replication + ": using " + replication));
        configs.put("min.insync.replicas", Integer.toString(replication));
      }
      fitted.add(new TopicSpec(s.name(), s.partitions(), (short) replication, configs, s.description()));
    }
    return fitted;
  }

  /** The changes that bring {@code existing} (by topic name) to {@code wanted}, in definition order. */
  public static List<TopicChange> plan(List<TopicSpec> wanted, Map<String, Existing> existing) {
    List<TopicChange> changes = new ArrayList<>();
    for (TopicSpec spec : wanted) {
      Existing now = existing.get(spec.name());
      if (now == null) {
        changes.add(new TopicChange.Create(spec));
        continue;
      }
      List<TopicChange> forTopic = new ArrayList<>();
      if (now.partitions() < spec.partitions()) {
        forTopic.add(new TopicChange.AddPartitions(spec.name(), now.partitions(), spec.partitions()));
      } else if (now.partitions() > spec.partitions()) {
        forTopic.add(new TopicChange.Warning(spec.name(), "has " + now.partitions() + " partitions, the definition "
            + spec.partitions() + ": Kafka cannot remove partitions, left as is"));
      }
      if (now.replicationFactor() != spec.replicationFactor()) {
        forTopic.add(new TopicChange.Warning(spec.name(), "replication is " + now.replicationFactor()
            + ", the definition " + spec.replicationFactor() + ": change it with a partition reassignment "
            + "(kafka-reassign-partitions), see docs/runbook.md"));
      }
      spec.configs().forEach((key, value) -> {
        String current = now.configs().get(key);
        if (!value.equals(current)) {
          forTopic.add(new TopicChange.SetConfig(spec.name(), key, current, value));
        }
      });
      changes.addAll(forTopic.isEmpty() ? List.of(new TopicChange.Unchanged(spec.name())) : forTopic);
    }
    return changes;
  }
}
