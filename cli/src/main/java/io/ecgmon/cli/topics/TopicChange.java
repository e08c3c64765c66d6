package io.ecgmon.cli.topics;

/** One step of bringing a cluster to the definitions; {@link #line()} is what the command prints. */
public sealed interface TopicChange {

  String topic();

  /** True when applying it changes the cluster (warnings and no-ops do not). */
  default boolean changesCluster() {
    return !(this instanceof Unchanged || this instanceof Warning);
  }

  String line();

  record Create(TopicSpec spec) implements TopicChange {
    public String topic() {
      return spec.name();
    }

    public String line() {
      return "create   " + spec.name() + " partitions=" + spec.partitions() + " replication="
          + spec.replicationFactor() + " " + new java.util.TreeMap<>(spec.configs());
    }
  }

  record AddPartitions(String topic, int from, int to) implements TopicChange {
    public String line() {
      return "raise    " + topic + " partitions " + from + " -> " + to;
    }
  }

  record SetConfig(String topic, String key, String from, String to) implements TopicChange {
    public String line() {
      return "config   " + topic + " " + key + " " + from + " -> " + to;
    }
  }

  record Unchanged(String topic) implements TopicChange {
    public String line() {
      return "ok       " + topic;
    }
  }

  record Warning(String topic, String message) implements TopicChange {
    public String line() {
      return "WARNING  " + topic + ": " + message;
    }
  }
}
