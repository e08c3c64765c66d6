package io.ecgmon.reliability;

import static io.ecgmon.reliability.Kit.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.DeadLetter;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.avro.QualityFlag;
import io.ecgmon.avro.Sex;
import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.reliability.Kit.Reader;
import io.ecgmon.reliability.Kit.Topics;
import io.ecgmon.reliability.Kit.WindowKey;
import io.ecgmon.serde.AvroSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The schema registry goes down while the monitor runs, and then a record arrives whose schema id the
 * monitor has not met yet (here patient info; equally a producer's next schema version): the record
 * must wait for the registry, not be dead-lettered as if it were poison. Once the registry is back,
 * every window is classified exactly once, with its patient's metadata, and the dead-letter topic holds
 * only the one real poison record.
 */
class RegistryOutageIT {

  static EmbeddedKafka kafka;

  @BeforeAll
  static void oneNode() throws Exception {
    kafka = EmbeddedKafka.builder().nodes(1).start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void validRecordsWaitForTheRegistryInsteadOfBeingDeadLettered() throws Exception {
    Map<String, Object> client = kafka.superUserConfig();
    Topics topics = Topics.fresh("outage");
    topics.create(client, 3, 1, 1);
    String schemas = "_schemas-" + UUID.randomUUID().toString().substring(0, 8);
    SchemaRegistryServer registry = SchemaRegistryServer.start(client, "localhost", 0, schemas);
    String url = registry.url();
    int port = URI.create(url).getPort();
    Map<String, Object> serde = new HashMap<>(client);
    serde.put("schema.registry.url", url);
    AvroSerializer<Object> avro = new AvroSerializer<>();
    avro.configure(serde, false);
    List<String> patients = List.of("reg-1", "reg-2", "reg-3");

    // everything the producers write, serialized while the registry is up (their own caches then carry them)
    List<EcgSegment> valid = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> before = new ArrayList<>();
    List<ProducerRecord<byte[], byte[]>> during = new ArrayList<>();
    for (String p : patients) {
      during.add(new ProducerRecord<>(topics.patientInfo(), utf8(p), avro.serialize(topics.patientInfo(),
          PatientInfo.newBuilder().setPatientId(p).setAgeYears(70f).setSex(Sex.MALE).build())));
    }
    for (int second = 0; second < 30; second++) {
      for (String p : patients) {
        EcgSegment s = PoisonInputIT.segment(p, "rec-" + p, 100, second, p.hashCode());
        valid.add(s);
        // reg-1's first 15 s reach the monitor before the outage
        (p.equals("reg-1") && second < 15 ? before : during).add(new ProducerRecord<>(topics.segments(), utf8(p),
            avro.serialize(topics.segments(), s)));
      }
    }
    byte[] poison = {7, 7, 7, 7, 7, 7};
    before.add(new ProducerRecord<>(topics.segments(), utf8("reg-1"), poison));

    Map<String, String> config = Kit.monitorConfig("rel-outage-" + UUID.randomUUID().toString().substring(0, 8),
        client, url, topics);
    try (MonitorApp app = Kit.startMonitor(config);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(client, new ByteArraySerializer(),
            new ByteArraySerializer());
        Reader<DeadLetter> dead = new Reader<>(client, url, topics.deadLetters());
        Reader<Classification> out = new Reader<>(client, url, topics.classifications())) {
      Kit.awaitRunning(app, WAIT_MS);
      // the monitor meets the segment, classification and dead-letter schemas while the registry is up
      before.forEach(producer::send);
      producer.flush();
      dead.until(l -> l.size() >= 1, WAIT_MS);
      out.until(l -> l.size() >= 1, WAIT_MS);
      registry.close();
      Kit.step("outage: registry stopped; patient info (a schema the monitor has not met yet) and segments keep coming");

      during.forEach(producer::send);
      producer.flush();
      Thread.sleep(10_000); // the monitor reads them while the registry is away
      assertThat(dead.poll()).as("dead letters while the registry is down: only the poison from before")
          .extracting(r -> r.value().getReason() + " " + r.value().getSourceTopic() + "@" + r.value().getSourceOffset())
          .hasSize(1);

      try (SchemaRegistryServer back = SchemaRegistryServer.start(client, "localhost", port, schemas)) {
        Kit.step("outage: registry back on port " + port);
        Set<WindowKey> expected = Kit.expectedWindows(valid);
        List<Classification> classified = out.until(l -> l.size() >= expected.size(), WAIT_MS);
        List<String> expectedAlerts = Kit.expectedAlerts(new ArrayList<>(classified));
        List<Alert> alerts;
        try (Reader<Alert> a = new Reader<>(client, url, topics.alerts())) {
          alerts = a.until(l -> l.size() >= expectedAlerts.size(), WAIT_MS);
        }
        Kit.step("outage: " + classified.size() + " classifications (" + expected.size() + " expected); stream "
            + "threads " + Kit.streamThreads(app));
        Kit.assertExactlyOnce(classified, expected, alerts);
        assertThat(classified).filteredOn(c -> !c.getPatientId().equals("reg-1"))
            .allSatisfy(c -> assertThat(c.getQuality()).as("patient info was not lost")
                .doesNotContain(QualityFlag.METADATA_MISSING));
        assertThat(dead.poll()).as("dead letters").extracting(r -> r.value().getReason())
            .containsExactly("BAD_MAGIC_BYTE");
        Kit.awaitRunning(app, WAIT_MS);
      }
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
