package io.ecgmon.broker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in this JVM, from Kafka's own KRaft classes: combined
 * broker+controller nodes, data in a temporary folder deleted on close. Replication factors and min
 * ISR follow the node count, so transactions and exactly-once processing work on one node too.
 *
 * <p>Two ways in: {@code port == 0} uses Kafka's KafkaClusterTestKit (1 or 3 nodes, free ports, what
 * the tests use); a fixed port (the local stack's 9092) starts one KafkaRaftServer with exactly
 * that listener, since the test kit pre-binds its own ports.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final String bootstrapServers;
  private final AutoCloseable stop;

  private EmbeddedKafka(String bootstrapServers, AutoCloseable stop) {
    this.bootstrapServers = bootstrapServers;
    this.stop = stop;
  }

  /** A cluster on free ports. */
  public static EmbeddedKafka start(int nodes) throws Exception {
    return start(nodes, 0);
  }

  /**
   * @param nodes 1 or 3
   * @param port client port (single node only), or 0 for free ports
   */
  public static EmbeddedKafka start(int nodes, int port) throws Exception {
    if (nodes != 1 && nodes != 3) {
      throw new IllegalArgumentException("nodes must be 1 or 3, not " + nodes);
    }
    if (port != 0 && nodes != 1) {
      throw new IllegalArgumentException("a fixed port is supported for a single node only");
    }
    EmbeddedKafka kafka = port == 0 ? testKit(nodes) : singleServer(port);
    log.info("Kafka ({} KRaft node{}) ready at {}", nodes, nodes == 1 ? "" : "s", kafka.bootstrapServers);
    return kafka;
  }

  private static Map<String, String> replicationConfig(int nodes) {
    String replication = Integer.toString(Math.min(nodes, 3));
    String minIsr = nodes == 1 ? "1" : "2";
    return Map.of(
        "offsets.topic.replication.factor", replication,
        "offsets.topic.num.partitions", "5",
        "transaction.state.log.replication.factor", replication,
        "transaction.state.log.min.isr", minIsr,
        "min.insync.replicas", minIsr,
        "default.replication.factor", replication,
        "group.initial.rebalance.delay.ms", "0",
        "auto.create.topics.enable", "false");
  }

  private static EmbeddedKafka testKit(int nodes) throws Exception {
    TestKitNodes topology = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(nodes)
        .setNumControllerNodes(nodes)
        .build();
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(topology).setDeleteOnClose(true);
    replicationConfig(nodes).forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    return new EmbeddedKafka(cluster.bootstrapServers(), cluster);
  }

  private static EmbeddedKafka singleServer(int port) throws Exception {
    Path dir = Files.createTempDirectory("ecgmon-kafka-");
    int controllerPort = freePort();
    Map<String, Object> config = new HashMap<>(replicationConfig(1));
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    config.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    config.put("controller.listener.names", "CONTROLLER");
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("log.dirs", dir.toString());
    new Formatter()
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setControllerListenerName("CONTROLLER")
        .setMetadataLogDirectory(dir.toString())
        .setDirectories(List.of(dir.toString()))
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config), Time.SYSTEM);
    server.startup();
    return new EmbeddedKafka("localhost:" + port, () -> {
      server.shutdown();
      server.awaitShutdown();
      deleteRecursively(dir);
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() throws Exception {
    stop.close();
    log.info("Kafka stopped");
  }
}
