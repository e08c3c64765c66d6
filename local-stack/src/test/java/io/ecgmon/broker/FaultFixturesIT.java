package io.ecgmon.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault fixtures on a 3-node cluster (replication factor 3, min ISR 2): an idempotent acks=all
 * producer and a consumer lose nothing and duplicate nothing across a broker restart and across a
 * network pause of the clients.
 */
class FaultFixturesIT {

  static final long WAIT_MS = 90_000;
  static EmbeddedKafka kafka;
  static Admin admin;

  @BeforeAll
  static void threeProxiedNodes() throws Exception {
    kafka = EmbeddedKafka.builder().nodes(3).proxied().start();
    admin = Admin.create(kafka.superUserConfig());
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  static String newTopic(String prefix) throws Exception {
    String topic = prefix + "-" + UUID.randomUUID();
    admin.createTopics(List.of(new NewTopic(topic, 1, (short) 3))).all().get();
    return topic;
  }

  static TopicPartitionInfo partition0(String topic) throws Exception {
    TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    return d.partitions().get(0);
  }

  static long endOffset(String topic) throws Exception {
    TopicPartition tp = new TopicPartition(topic, 0);
    return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
  }

  static void awaitIsr(String topic, Set<Integer> brokers) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (!partition0(topic).isr().stream().map(Node::id).collect(java.util.stream.Collectors.toSet())
        .equals(brokers)) {
      if (System.currentTimeMillis() > deadline) {
        throw new TimeoutException("ISR of " + topic + " is " + partition0(topic).isr() + ", not " + brokers);
      }
      Thread.sleep(100);
    }
  }

  @Test
  void nothingIsLostOrDuplicatedAcrossARestartOfThePartitionLeader() throws Exception {
    String topic = newTopic("restart");
    try (SequenceCollector consumer = new SequenceCollector(kafka.superUserConfig(), topic);
        SequenceProducer producer = new SequenceProducer(kafka.superUserConfig(), topic)) {
      producer.awaitAcked(100, WAIT_MS);
      int leader = partition0(topic).leader().id();

      kafka.stopBroker(leader);
      assertThat(kafka.isBrokerRunning(leader)).isFalse();
      producer.awaitAcked(producer.acked() + 100, WAIT_MS);
      TopicPartitionInfo degraded = partition0(topic);
      assertThat(degraded.leader().id()).isNotEqualTo(leader);
      assertThat(degraded.isr()).extracting(Node::id).doesNotContain(leader);

      kafka.startBroker(leader);
      awaitIsr(topic, Set.copyOf(kafka.brokerIds()));
      producer.awaitAcked(producer.acked() + 100, WAIT_MS);

      List<String> sent = producer.stop();
      assertThat(consumer.awaitCount(sent.size(), WAIT_MS)).isEqualTo(sent);
      assertThat(endOffset(topic)).as("records in the log").isEqualTo(sent.size());
    }
  }

  @Test
  void nothingIsLostOrDuplicatedAcrossANetworkPauseLongerThanTheRequestTimeout() throws Exception {
    String topic = newTopic("pause");
    Map<String, Object> proxied = new HashMap<>(kafka.superUserConfig());
    proxied.put("bootstrap.servers", kafka.proxiedBootstrapServers());
    Map<String, Object> impatient = new HashMap<>(proxied);
    // requests time out during the pause, so the producer reconnects and retries: the duplicate risk
    impatient.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    try (SequenceCollector consumer = new SequenceCollector(proxied, topic);
        SequenceProducer producer = new SequenceProducer(impatient, topic)) {
      producer.awaitAcked(100, WAIT_MS);
      int leader = partition0(topic).leader().id();
      int connectionsBefore = kafka.proxy(leader).acceptedConnections();

      kafka.pauseProxies();
      Thread.sleep(500); // acknowledgements already past the proxy may still land
      int ackedWhenPaused = producer.acked();
      Thread.sleep(4_000);
      assertThat(producer.acked()).as("acknowledgements through a paused network").isEqualTo(ackedWhenPaused);
      kafka.resumeProxies();

      producer.awaitAcked(ackedWhenPaused + 100, WAIT_MS);
      assertThat(kafka.proxy(leader).acceptedConnections())
          .as("the producer gave up its timed-out connection and opened a new one")
          .isGreaterThan(connectionsBefore);
      List<String> sent = producer.stop();
      assertThat(consumer.awaitCount(sent.size(), WAIT_MS)).isEqualTo(sent);
      assertThat(endOffset(topic)).as("records in the log").isEqualTo(sent.size());
    }
  }
}
