package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MonitorAppTest {

  @Test
  void theCoPartitioningCheckReachesTheBrokersAsTheAppDoes() {
    Properties p = new Properties();
    p.put("bootstrap.servers", "kafka-1:9093");
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"m\" "
        + "password=\"s\";");
    p.put("ssl.truststore.location", "/etc/ecgmon/truststore.p12");
    p.put("admin.request.timeout.ms", "7000");
    Map<String, Object> admin = MonitorApp.adminConfig(new MonitorConfig(p));
    assertThat(admin).containsEntry("bootstrap.servers", "kafka-1:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", p.get("sasl.jaas.config"))
        .containsEntry("ssl.truststore.location", "/etc/ecgmon/truststore.p12")
        .containsEntry("request.timeout.ms", "7000")
        .containsEntry("default.api.timeout.ms", 20000)
        .doesNotContainKeys("application.id", "processing.guarantee", "schema.registry.url",
            MonitorConfig.TOPIC_SEGMENTS, "admin.request.timeout.ms");
  }
}
