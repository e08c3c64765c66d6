package io.ecgmon.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** The fixed-port single node the local stack runs (the test kit path is used by every other IT). */
class EmbeddedKafkaIT {

  @Test
  void aSingleNodeListensOnTheRequestedPort() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(1, port);
        Admin admin = Admin.create(Map.of("bootstrap.servers", "localhost:" + port))) {
      assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
      assertThat(admin.describeCluster().nodes().get()).hasSize(1);
      admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
      assertThat(admin.listTopics().names().get()).contains("t");
    }
  }

  @Test
  void onlyOneOrThreeNodes() {
    assertThatThrownBy(() -> EmbeddedKafka.start(2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedKafka.start(3, 9092)).hasMessageContaining("single node");
  }

  @Test
  void securityAndProxiesNeedFreePorts() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().port(9092).saslSsl().start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("free ports");
    assertThatThrownBy(() -> EmbeddedKafka.builder().port(9092).proxied().start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("free ports");
  }
}
