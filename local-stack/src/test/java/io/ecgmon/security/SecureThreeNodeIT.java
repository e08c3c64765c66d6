package io.ecgmon.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.broker.EmbeddedKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three secure nodes: brokers replicate to each other over the INTERNAL SASL_SSL listener as the
 * super user, and a SCRAM user created once authenticates on every broker.
 */
class SecureThreeNodeIT {

  @Test
  void brokersReplicateOverTheSecureInternalListenerAndScramUsersReachEveryBroker() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().nodes(3).saslSsl().start();
        Admin admin = Admin.create(kafka.superUserConfig())) {
      kafka.upsertScramUsers(Map.of("ecgmon-sim", "sim-secret"));
      List<org.apache.kafka.common.acl.AclBinding> acls = AclLayout.defaults().apply(admin);
      kafka.awaitAcls(acls);
      admin.createTopics(List.of(new NewTopic("ecg-segments", 3, (short) 3))).all().get();

      Map<String, Object> sim = new HashMap<>(kafka.clientConfig("ecgmon-sim", "sim-secret"));
      sim.put(ProducerConfig.ACKS_CONFIG, "all");
      try (KafkaProducer<String, String> p = new KafkaProducer<>(sim, new StringSerializer(), new StringSerializer())) {
        // acks=all with min ISR 2: every write below needed replication between brokers
        for (int partition = 0; partition < 3; partition++) {
          p.send(new ProducerRecord<>("ecg-segments", partition, "p" + partition, "segment")).get();
        }
      }
      TopicDescription topic = admin.describeTopics(List.of("ecg-segments")).allTopicNames().get().get("ecg-segments");
      assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.isr().stream().map(Node::id)
          .collect(Collectors.toSet())).isEqualTo(Set.of(0, 1, 2)));
      // each partition has a different leader: the user authenticated against all three brokers
      assertThat(topic.partitions().stream().map(p -> p.leader().id()).collect(Collectors.toSet()))
          .hasSize(3);
    }
  }
}
