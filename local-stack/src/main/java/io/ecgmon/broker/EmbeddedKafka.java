package io.ecgmon.broker;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in this JVM, built from Kafka's own KRaft classes (KafkaClusterTestKit):
 * 1 or 3 combined broker+controller nodes. Replication factors and min ISR follow the node count,
 * so transactions and exactly-once processing work on a single node too.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /**
   * <p>Ports are chosen free by the test kit (it pre-binds its sockets, so a fixed port cannot be
   * imposed): read {@link #bootstrapServers()}.
   *
   * @param nodes 1 or 3
   */
  public static EmbeddedKafka start(int nodes) throws Exception {
    if (nodes != 1 && nodes != 3) {
      throw new IllegalArgumentException("nodes must be 1 or 3, not " + nodes);
    }
    TestKitNodes.Builder topology = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(nodes)
        .setNumControllerNodes(nodes);
    String replication = Integer.toString(Math.min(nodes, 3));
    String minIsr = nodes == 1 ? "1" : "2";
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(topology.build())
        .setConfigProp("offsets.topic.replication.factor", replication)
        .setConfigProp("offsets.topic.num.partitions", "5")
        .setConfigProp("transaction.state.log.replication.factor", replication)
        .setConfigProp("transaction.state.log.min.isr", minIsr)
        .setConfigProp("min.insync.replicas", minIsr)
        .setConfigProp("default.replication.factor", replication)
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .setConfigProp("auto.create.topics.enable", "false")
        .setDeleteOnClose(true) // a demo/test broker: its data lives in a temporary folder
        .build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    log.info("Kafka ({} KRaft node{}) ready at {}", nodes, nodes == 1 ? "" : "s", cluster.bootstrapServers());
    return new EmbeddedKafka(cluster);
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
    log.info("Kafka stopped");
  }
}
