package io.ecgmon.cli.alerts;

import static io.ecgmon.avro.AlertKind.ONSET;
import static io.ecgmon.avro.AlertKind.RESOLVED;
import static io.ecgmon.avro.AlertKind.UPDATE;
import static io.ecgmon.cli.alerts.Alerts.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Alert;
import io.ecgmon.cli.Cli;
import io.ecgmon.cli.Ecgmon;
import io.ecgmon.cli.KafkaFixture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** ecgmon alerts on a real broker and registry: filters, formats, groups, reading from now. */
@Timeout(300) // hang guard
class AlertsCommandIT {

  static KafkaFixture kafka;
  static final List<Alert> ALERTS = List.of(
      alert("p-1", ONSET, 0.9f, "MI"),
      alert("p-2", ONSET, 0.5f, "CD"),
      alert("p-1", RESOLVED, 0.95f),
      alert("p-3", UPDATE, 0.99f, "STTC"));

  @BeforeAll
  static void start() throws Exception {
    kafka = new KafkaFixture();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  private String topicWithAlerts() throws Exception {
    String topic = kafka.topic("alerts", 3);
    for (Alert a : ALERTS) {
      kafka.send(topic, a.getPatientId(), a);
    }
    return topic;
  }

  private Cli alerts(String topic, String... more) {
    Cli cli = new Cli();
    List<String> args = new java.util.ArrayList<>(List.of("alerts", "--topic", topic, "-b", kafka.bootstrap,
        "-r", kafka.registry.url()));
    args.addAll(List.of(more));
    assertThat(cli.run(args.toArray(String[]::new))).as(cli.err.toString()).isEqualTo(Ecgmon.OK);
    return cli;
  }

  @Test
  void filtersAndFormats() throws Exception {
    String topic = topicWithAlerts();
    // one patient's alerts keep their order (one partition per key)
    assertThat(alerts(topic, "--from-beginning", "--patient", "p-1", "--format", "json", "--max-alerts", "2")
        .outLines()).satisfiesExactly(
            l -> assertThat(l).startsWith("{\"patientId\":\"p-1\",\"kind\":\"ONSET\",\"classes\":[\"MI\"]"),
            l -> assertThat(l).startsWith("{\"patientId\":\"p-1\",\"kind\":\"RESOLVED\""));
    assertThat(alerts(topic, "--from-beginning", "--class", "MI", "--max-alerts", "2").outLines())
        .containsExactly(AlertFormat.human.format(ALERTS.get(0)), AlertFormat.human.format(ALERTS.get(2)));
    assertThat(alerts(topic, "--from-beginning", "--min-confidence", "0.95", "--kind", "UPDATE,RESOLVED",
        "--max-alerts", "2").outLines())
        .containsExactlyInAnyOrder(AlertFormat.human.format(ALERTS.get(2)), AlertFormat.human.format(ALERTS.get(3)));
  }

  @Test
  void aGroupCommitsAndResumesAndBadRecordsAreSkipped() throws Exception {
    String topic = topicWithAlerts();
    String group = "it-" + UUID.randomUUID();
    assertThat(alerts(topic, "--group", group, "--from-beginning", "--max-alerts", "4").outLines()).hasSize(4);

    kafka.sendBytes(topic, "p-9", new byte[] {9, 9, 9, 9, 9, 9});
    Alert fifth = alert("p-9", ONSET, 0.8f, "HYP");
    kafka.send(topic, "p-9", fifth);
    // the warning goes to the log (stderr): it names partition and offset, never the patient
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    Cli resumed;
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      resumed = alerts(topic, "--group", group, "--from-beginning", "--max-alerts", "1");
    } finally {
      System.setErr(stderr);
    }
    assertThat(resumed.outLines()).containsExactly(AlertFormat.human.format(fifth));
    assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("skipping undecodable record")
        .contains(" offset ").doesNotContain("p-9");

    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap))) {
      Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      assertThat(offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(6);
    }
  }

  @Test
  void withoutFromBeginningOnlyNewAlertsShow() throws Exception {
    String topic = topicWithAlerts();
    AlertsCommand command = new AlertsCommand();
    new CommandLine(command).parseArgs("--topic", topic, "-b", kafka.bootstrap, "-r", kafka.registry.url(),
        "--max-alerts", "1");
    StringWriter out = new StringWriter();
    try (AlertsCommand.Subscription s = command.start(new PrintWriter(out, true))) {
      KafkaFixture.waitUntil("the alerts topic to be attached", s::alertsAttached);
      Alert fresh = alert("p-4", ONSET, 0.7f, "MI");
      kafka.send(topic, "p-4", fresh);
      s.await();
      assertThat(out.toString().lines()).containsExactly(AlertFormat.human.format(fresh));
    }
  }
}
