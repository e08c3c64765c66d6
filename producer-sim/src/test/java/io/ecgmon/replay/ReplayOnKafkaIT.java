package io.ecgmon.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.broker.TestKafka;
import io.ecgmon.ptbxl.PtbxlCatalog;
import io.ecgmon.ptbxl.PtbxlRecord;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.synth.PtbxlFolderWriter;
import io.ecgmon.wfdb.WfdbReader;
import io.ecgmon.wfdb.WfdbRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Replay through a real broker and the schema registry server: what a consumer reads back is, sample
 * for sample, the WFDB records the simulator was given.
 */
class ReplayOnKafkaIT {

  static SchemaRegistryServer registry;
  static String bootstrap;

  @TempDir
  Path tmp;

  @BeforeAll
  static void stack() throws Exception {
    bootstrap = TestKafka.bootstrapServers();
    registry = SchemaRegistryServer.start(Map.of("bootstrap.servers", bootstrap), "localhost", 0,
        "_schemas-" + UUID.randomUUID());
  }

  @AfterAll
  static void stop() {
    registry.close();
  }

  static List<ConsumerRecord<String, byte[]>> consume(String topic, int expected) {
    Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 60_000;
      while (out.size() < expected && System.currentTimeMillis() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(out::add);
      }
      // anything beyond what we expect would show up now
      consumer.poll(Duration.ofSeconds(1)).forEach(out::add);
    }
    return out;
  }

  AvroDeserializer<Object> deserializer() {
    AvroDeserializer<Object> d = new AvroDeserializer<>();
    d.configure(Map.of("schema.registry.url", registry.url(), "specific.avro.reader", true), false);
    return d;
  }

  static int run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new SimulateCommand());
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    assertThat(code).as("simulate failed: %s", err).isZero();
    return code;
  }

  @Test
  void replayedSamplesAreBitIdenticalToTheRecords() throws Exception {
    Path data = tmp.resolve("ptbxl");
    PtbxlFolderWriter.write(data, new PtbxlFolderWriter.Spec(6, 21, PtbxlFolderWriter.allVariants(), true, true, 5,
        1.0, List.of()), i -> { });
    // records 1, 2 and 3 become one patient's three recordings, played back to back
    Path db = data.resolve("ptbxl_database.csv");
    Files.writeString(db, Files.readString(db).replace("\n2,100002.0,", "\n2,100001.0,")
        .replace("\n3,100003.0,", "\n3,100001.0,"));
    PtbxlCatalog catalog = PtbxlCatalog.load(data);
    String segments = "segments-" + UUID.randomUUID();
    String infos = "infos-" + UUID.randomUUID();

    Simulation sim = SimulateCommand.start("--ptbxl", data.toString(), "--rate", "500", "--patients", "4", "--once",
        "--speed", "max", "--segment-seconds", "0.8", "-b", bootstrap, "-r", registry.url(), "--segments-topic",
        segments, "--patient-info-topic", infos, "--partitions", "3", "--progress-seconds", "0");
    assertThat(sim.await(Duration.ofMinutes(2))).isTrue();
    sim.close();
    assertThat(sim.failure()).isNull();
    // 15 s of the first patient and 5 s of three others, in 0.8 s (400-sample) segments
    long expected = 19 + 3 * 7;
    assertThat(sim.counters().segments()).isEqualTo(expected);
    // one PatientInfo per patient, and again when a recording brings other demographics (ptbxl-100001's
    // three synthetic recordings were made for different people)
    assertThat(sim.counters().patientInfos()).isEqualTo(6);
    assertThat(sim.counters().acknowledged()).isEqualTo(expected + 6);

    AvroDeserializer<Object> d = deserializer();
    Map<String, List<EcgSegment>> byPatient = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : consume(segments, (int) expected)) {
      EcgSegment s = (EcgSegment) d.deserialize(segments, r.value());
      assertThat(r.key()).isEqualTo(s.getPatientId());
      byPatient.computeIfAbsent(s.getPatientId(), k -> new ArrayList<>()).add(s);
    }
    assertThat(byPatient.keySet()).containsExactlyInAnyOrder("ptbxl-100001", "ptbxl-100004", "ptbxl-100005",
        "ptbxl-100006");
    for (Map.Entry<String, List<EcgSegment>> e : byPatient.entrySet()) {
      long pid = Long.parseLong(e.getKey().substring("ptbxl-".length()));
      List<PtbxlRecord> records = catalog.records().stream().filter(r -> r.patientId() == pid).toList();
      List<EcgSegment> segs = e.getValue();
      segs.sort(Comparator.comparingLong(EcgSegment::getFirstSampleIndex));
      // the source: the patient's records back to back
      int total = 0;
      List<WfdbRecord> wfdb = new ArrayList<>();
      for (PtbxlRecord r : records) {
        WfdbRecord w = WfdbReader.read(catalog.recordPath(r, 500));
        wfdb.add(w);
        total += w.numberOfSamples();
      }
      short[][] source = new short[12][total];
      int at = 0;
      for (WfdbRecord w : wfdb) {
        for (int l = 0; l < 12; l++) {
          System.arraycopy(w.counts()[l], 0, source[l], at, w.numberOfSamples());
        }
        at += w.numberOfSamples();
      }
      short[][] replayed = new short[12][total];
      long next = 0;
      EcgSegment first = segs.get(0);
      for (EcgSegment s : segs) {
        assertThat(s.getFirstSampleIndex()).as("contiguous").isEqualTo(next);
        assertThat(s.getRecordingId()).isEqualTo(first.getRecordingId());
        assertThat(s.getSampleRateHz()).isEqualTo(500f);
        assertThat(s.getLeads()).containsExactly("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5",
            "V6");
        assertThat(s.getGainPerMv()).containsOnly(1000f);
        assertThat(s.getBaseline()).containsOnly(0);
        assertThat(s.getFirstSampleTime().toEpochMilli() - first.getFirstSampleTime().toEpochMilli())
            .isEqualTo(s.getFirstSampleIndex() * 1000 / 500);
        ByteBuffer b = s.getSamples().order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 0; l < 12; l++) {
          for (int i = 0; i < s.getSamplesPerLead(); i++) {
            replayed[l][(int) s.getFirstSampleIndex() + i] = b.getShort();
          }
        }
        // ground truth: the classes of the records the segment's samples come from
        int recordIndex = (int) (s.getFirstSampleIndex() / 2500);
        assertThat(s.getGroundTruth()).contains(records.get(recordIndex).superclasses().get(0));
        next = s.getFirstSampleIndex() + s.getSamplesPerLead();
      }
      assertThat(next).isEqualTo(total);
      assertThat(replayed).as("samples of %s", e.getKey()).isDeepEqualTo(source);
    }

    // patient info on a compacted topic: the latest per patient is that of its last recording
    List<ConsumerRecord<String, byte[]>> info = consume(infos, 6);
    assertThat(info).hasSize(6);
    Map<String, PatientInfo> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : info) {
      PatientInfo p = (PatientInfo) d.deserialize(infos, r.value());
      assertThat(p.getPatientId()).isEqualTo(r.key());
      latest.put(r.key(), p);
    }
    assertThat(latest).hasSize(4);
    latest.forEach((key, p) -> {
      long pid = Long.parseLong(key.substring("ptbxl-".length()));
      List<PtbxlRecord> recs = catalog.records().stream().filter(x -> x.patientId() == pid).toList();
      assertThat(p.getAgeYears()).isEqualTo(recs.get(recs.size() - 1).ageYears());
    });
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, infos);
      Config config = admin.describeConfigs(List.of(res)).all().get().get(res);
      assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(admin.describeTopics(List.of(segments)).allTopicNames().get().get(segments).partitions()).hasSize(3);
    }
  }

  @Test
  void corruptValuesFailTheConsumersDeserializerAndTheRestArrive() throws Exception {
    String segments = "faulty-" + UUID.randomUUID();
    String infos = "faulty-info-" + UUID.randomUUID();
    run("--patients", "5", "--duration", "40s", "--speed", "max", "--corrupt-rate", "0.2", "--drop-rate", "0.1",
        "--duplicate-rate", "0.1", "--seed", "3", "-b", bootstrap, "-r", registry.url(), "--segments-topic", segments,
        "--patient-info-topic", infos, "--progress-seconds", "0");
    AvroDeserializer<Object> d = deserializer();
    int bad = 0;
    int good = 0;
    List<ConsumerRecord<String, byte[]>> all = consume(segments, 200 * 10 / 10);
    for (ConsumerRecord<String, byte[]> r : all) {
      try {
        EcgSegment s = (EcgSegment) d.deserialize(segments, r.value());
        assertThat(s.getPatientId()).isEqualTo(r.key()).startsWith("synth-");
        assertThat(s.getSamplesPerLead()).isEqualTo(100);
        assertThat(s.getGroundTruth()).hasSize(1);
        good++;
      } catch (SerializationException e) {
        bad++;
      }
    }
    // 200 segments, about 10% dropped, 10% duplicated and 20% damaged
    assertThat(all).hasSizeBetween(170, 210);
    assertThat(bad).isBetween(15, 60);
    assertThat(good).isEqualTo(all.size() - bad);
  }
}
