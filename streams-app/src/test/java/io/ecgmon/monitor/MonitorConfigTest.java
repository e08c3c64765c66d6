package io.ecgmon.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.features.FeatureSpec;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class MonitorConfigTest {

  @Test
  void defaultsAreExactlyOnceWithDeadLetterHandlers() {
    MonitorConfig c = MonitorConfig.load(null, Map.of(), Map.of());
    Properties p = c.properties();
    assertThat(p.getProperty("processing.guarantee")).isEqualTo("exactly_once_v2");
    assertThat(p.getProperty("application.id")).isEqualTo("ecgmon-monitor");
    assertThat(p.getProperty("deserialization.exception.handler")).endsWith("DeadLetterHandler");
    assertThat(p.getProperty("production.exception.handler")).endsWith("DeadLetterHandler");
    assertThat(p.getProperty("processing.exception.handler")).endsWith("DeadLetterHandler");
    assertThat(c.deadLettersTopic()).isEqualTo("ecgmon-monitor-dead-letters");
    assertThat(c.segmentsTopic()).isEqualTo("ecg-segments");
    assertThat(c.hopSeconds()).isEqualTo(5.0);
    assertThat(c.windowSeconds()).isNull();
  }

  @Test
  void environmentSetsEcgmonKeysWithOrWithoutTheRepeatedPrefixAndCommandLineWins() {
    MonitorConfig c = MonitorConfig.load(null, Map.of(
        "ECGMON_HOP_SECONDS", "2",
        "ECGMON_ECGMON_BATCH_MAX_SIZE", "8",
        "ECGMON_BOOTSTRAP_SERVERS", "kafka:9092",
        "ECGMON_NUM_STREAM_THREADS", "3",
        "ECGMON_ALERT_CONSECUTIVE", "4",
        "HOME", "/root"), Map.of("ecgmon.alert.consecutive", "5"));
    assertThat(c.hopSeconds()).isEqualTo(2.0);
    assertThat(c.batchMaxSize()).isEqualTo(8);
    assertThat(c.get("bootstrap.servers")).isEqualTo("kafka:9092");
    assertThat(c.get("num.stream.threads")).isEqualTo("3");
    assertThat(c.alertConsecutive()).isEqualTo(5);
    assertThat(MonitorConfig.load(null, Map.of(), Map.of()).get("num.stream.threads")).isEqualTo("2");
  }

  @Test
  void badValuesFailAtStartNamingTheKey() {
    assertThatThrownBy(() -> MonitorConfig.load(null, Map.of(), Map.of("ecgmon.min.coverage", "1.5")))
        .hasMessageContaining("ecgmon.min.coverage");
    assertThatThrownBy(() -> MonitorConfig.load(null, Map.of(), Map.of("ecgmon.inference.provider", "tpu")))
        .hasMessageContaining("tpu");
    MonitorConfig c = MonitorConfig.load(null, Map.of(), Map.of("ecgmon.window.seconds", "20"));
    assertThatThrownBy(() -> MonitorTopology.Settings.of(c, FeatureSpec.load()))
        .hasMessageContaining("ecgmon.window.seconds").hasMessageContaining("10.0 s");
  }
}
