package io.ecgmon.cli.topics;

import java.util.Map;

/** One topic as ops/topics.yaml defines it; configs are Kafka topic configs by their own names. */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs,
    String description) {

  public TopicSpec {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic needs a name");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, not " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("topic " + name + ": replicationFactor must be >= 1, not "
          + replicationFactor);
    }
    configs = Map.copyOf(configs);
  }
}
