package io.ecgmon.reliability;

import static io.ecgmon.reliability.Kit.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.Classification;
import io.ecgmon.avro.DeadLetter;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.avro.PatientInfo;
import io.ecgmon.avro.Sex;
import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.reliability.Kit.Reader;
import io.ecgmon.reliability.Kit.Topics;
import io.ecgmon.reliability.Kit.WindowKey;
import io.ecgmon.segment.SegmentSamples;
import io.ecgmon.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed records of every kind the monitor must refuse, produced as raw bytes and mixed
 * into the valid segments of a few patients (and a few into patient info): every bad record lands in
 * the dead-letter topic with its expected reason and its original bytes, nothing else does, every
 * window of the valid segments is classified exactly once, the app keeps running on its original
 * stream thread, and the {@code ecgmon.dead.letters} metric counts exactly the dead letters by reason.
 */
class PoisonInputIT {

  static final List<String> LEADS = List.of("I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5",
      "V6");
  static final long EPOCH = 1_760_000_000_000L;
  static final int SECONDS = 40;
  /** Bad records after each second of valid signal (all patients): 40 x 75 = 3000 stateless ones. */
  static final int BAD_PER_SECOND = 75;
  static final int MAX_SEGMENT_BYTES = 65_536;

  static EmbeddedKafka kafka;
  static SchemaRegistryServer registry;

  @BeforeAll
  static void oneNode() throws Exception {
    kafka = EmbeddedKafka.builder().nodes(1).start();
    registry = SchemaRegistryServer.start(kafka.superUserConfig(), "localhost", 0, SchemaRegistryServer.DEFAULT_TOPIC);
  }

  @AfterAll
  static void stop() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** One bad record: key and value bytes (either may be null) and the reason the monitor must give. */
  record Bad(byte[] key, byte[] value, String reason) {}

  /** A sent record whose dead letter is expected. */
  record Expected(String topic, int partition, long offset, String reason, byte[] value) {
    String where() {
      return topic + "/" + partition + "@" + offset;
    }
  }

  final Map<String, Object> client = kafka.superUserConfig();
  final AvroSerializer<Object> avro = new AvroSerializer<>();
  Topics topics;

  /** A plausible 1 s, 12-lead segment: two sines per lead (the model's verdict does not matter here). */
  static EcgSegment segment(String patient, String recording, int rate, long second, int seed) {
    short[][] counts = new short[12][rate];
    for (int lead = 0; lead < 12; lead++) {
      for (int i = 0; i < rate; i++) {
        double t = second + (double) i / rate;
        double mv = 0.8 * Math.sin(2 * Math.PI * 1.2 * t + lead) + 0.1 * Math.sin(2 * Math.PI * 8 * t + seed);
        counts[lead][i] = (short) Math.round(mv * 1000);
      }
    }
    return segment(patient, recording, rate, second * rate, LEADS, counts);
  }

  static EcgSegment segment(String patient, String recording, float rate, long firstIndex, List<String> leads,
      short[][] counts) {
    int n = counts.length == 0 ? 0 : counts[0].length;
    return EcgSegment.newBuilder().setPatientId(patient).setRecordingId(recording).setSampleRateHz(rate)
        .setLeads(leads).setFirstSampleIndex(firstIndex)
        .setFirstSampleTime(Instant.ofEpochMilli(EPOCH + (long) (firstIndex * 1000 / Math.max(1, rate))))
        .setSamplesPerLead(n).setGainPerMv(Collections.nCopies(leads.size(), 1000f))
        .setBaseline(Collections.nCopies(leads.size(), 0)).setSamples(SegmentSamples.encode(counts))
        .setProducedAt(Instant.now()).build();
  }

  byte[] bytes(EcgSegment s) {
    return avro.serialize(topics.segments(), s);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Every stateless way to be wrong, each a function of the record's number and key. */
  List<Function<Integer, Bad>> poisons() {
    List<Function<Integer, Bad>> p = new ArrayList<>();
    p.add(i -> new Bad(null, bytes(segment(key(i), "r", 100, i, i)), "MISSING_KEY"));
    p.add(i -> new Bad(utf8(key(i)), null, "NULL_VALUE"));
    p.add(i -> new Bad(utf8(key(i)), bytes(segment("somebody-else-" + i, "r", 100, i, i)), "KEY_MISMATCH"));
    p.add(i -> {
      byte[] b = bytes(segment(key(i), "r", 100, i, i));
      b[0] = (byte) (1 + i % 200);
      return new Bad(utf8(key(i)), b, "BAD_MAGIC_BYTE");
    });
    p.add(i -> {
      byte[] b = bytes(segment(key(i), "r", 100, i, i));
      ByteBuffer.wrap(b).putInt(1, 0x7fff0000 + i); // a schema id the registry never issued
      return new Bad(utf8(key(i)), b, "UNKNOWN_SCHEMA");
    });
    p.add(i -> {
      byte[] b = bytes(segment(key(i), "r", 100, i, i));
      return new Bad(utf8(key(i)), Arrays.copyOf(b, b.length / 2), "TRUNCATED");
    });
    p.add(i -> new Bad(utf8(key(i)), new byte[] {0, 0, 0}, "TRUNCATED"));
    p.add(i -> new Bad(utf8(key(i)), bytes(segment(key(i), "", 100, i, i)), "MALFORMED"));
    p.add(i -> {
      byte[] b = bytes(segment(key(i), "r", 100, i, i));
      return new Bad(utf8(key(i)), Arrays.copyOf(b, b.length + 3), "MALFORMED"); // trailing bytes
    });
    p.add(i -> new Bad(utf8(key(i)), avro.serialize(topics.patientInfo(),
        PatientInfo.newBuilder().setPatientId(key(i)).build()), "WRONG_RECORD_TYPE"));
    p.add(i -> new Bad(utf8(key(i)), bytes(segment(key(i), "r", 100, i, LEADS, new short[12][3000])), "OVERSIZE"));
    p.add(i -> {
      // claims 1000 s of samples at 100 Hz (small on the wire: the sizes disagree too, but length is checked first)
      EcgSegment s = segment(key(i), "r", 100, i, i);
      s.setSamplesPerLead(100_000);
      return new Bad(utf8(key(i)), bytes(s), "OVERSIZE");
    });
    p.add(i -> new Bad(utf8(key(i)), bytes(segment(key(i), "r", 100, i, LEADS.subList(0, 11), new short[11][100])),
        "WRONG_LEAD_COUNT"));
    p.add(i -> {
      List<String> leads = new ArrayList<>(LEADS);
      leads.set(11, "V7");
      return new Bad(utf8(key(i)), bytes(segment(key(i), "r", 100, i, leads, new short[12][100])), "UNKNOWN_LEAD");
    });
    float[] absurdRates = {Float.NaN, 1_000_000f, 250f, 0f, -100f, Float.POSITIVE_INFINITY, 50f};
    p.add(i -> new Bad(utf8(key(i)), bytes(segment(key(i), "r", absurdRates[i % absurdRates.length], i, LEADS,
        new short[12][100])), "BAD_SAMPLE_RATE"));
    p.add(i -> {
      EcgSegment s = segment(key(i), "r", 100, i, i);
      s.setSamples(ByteBuffer.wrap(new byte[12 * 100 * 2 - 2]));
      return new Bad(utf8(key(i)), bytes(s), "SAMPLES_SIZE_MISMATCH");
    });
    float[] badGains = {0f, Float.NaN, -1000f, Float.POSITIVE_INFINITY};
    p.add(i -> {
      EcgSegment s = segment(key(i), "r", 100, i, i);
      List<Float> gains = new ArrayList<>(s.getGainPerMv());
      gains.set(i % 12, badGains[i % badGains.length]);
      s.setGainPerMv(gains);
      return new Bad(utf8(key(i)), bytes(s), "BAD_GAIN");
    });
    p.add(i -> {
      EcgSegment s = segment(key(i), "r", 100, i, i);
      s.setFirstSampleIndex(-100L * (1 + i));
      return new Bad(utf8(key(i)), bytes(s), "BAD_INDEX");
    });
    p.add(i -> {
      // lead off / NaN: the project's invalid sample -32768 in one lead
      short[][] counts = new short[12][100];
      counts[i % 12][i % 100] = Short.MIN_VALUE;
      return new Bad(utf8(key(i)), bytes(segment(key(i), "r", 100, i, LEADS, counts)), "INVALID_SAMPLE");
    });
    return p;
  }

  /** Keys of bad records: half the valid patients' own (poison in their partitions and streams), half strangers. */
  static String key(int i) {
    return i % 2 == 0 ? "ok-" + (1 + (i / 2) % 4) : "poison-" + (i % 97);
  }

  @Test
  void everyBadRecordIsDeadLetteredWithItsReasonAndEveryValidWindowClassified() throws Exception {
    topics = Topics.fresh("poison");
    topics.create(client, 3, 1, 1);
    Map<String, Object> serde = new HashMap<>(client);
    serde.put("schema.registry.url", registry.url());
    avro.configure(serde, false);
    Map<String, String> config = Kit.monitorConfig("rel-poison-" + UUID.randomUUID().toString().substring(0, 8),
        client, registry.url(), topics);
    config.put(MonitorConfig.MAX_SEGMENT_BYTES, Integer.toString(MAX_SEGMENT_BYTES));

    Map<String, Integer> rates = Map.of("ok-1", 100, "ok-2", 100, "ok-3", 500, "ok-4", 100);
    List<EcgSegment> valid = new ArrayList<>();
    List<Future<RecordMetadata>> badSends = new ArrayList<>();
    List<Bad> bad = new ArrayList<>();
    int exactDuplicates = 0;
    Map<String, Object> producerConfig = new HashMap<>(client);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 20);

    try (MonitorApp app = Kit.startMonitor(config);
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
            new ByteArraySerializer())) {
      Kit.awaitRunning(app, WAIT_MS);
      List<String> threads = Kit.streamThreads(app);
      // patient info: two valid records, four bad ones (which must not disturb anything either)
      for (String p : List.of("ok-1", "ok-3")) {
        producer.send(new ProducerRecord<>(topics.patientInfo(), utf8(p), avro.serialize(topics.patientInfo(),
            PatientInfo.newBuilder().setPatientId(p).setAgeYears(60f).setSex(Sex.FEMALE).build())));
      }
      List<Bad> badInfo = List.of(
          new Bad(utf8("ok-2"), new byte[] {9, 9, 9, 9, 9, 9}, "DESERIALIZATION_ERROR"),
          new Bad(utf8("ok-2"), bytes(segment("ok-2", "r", 100, 0, 0)), "WRONG_RECORD_TYPE"),
          new Bad(utf8("ok-4"), avro.serialize(topics.patientInfo(),
              PatientInfo.newBuilder().setPatientId("ok-1").build()), "KEY_MISMATCH"),
          // an empty key: a compacted topic refuses null keys at the broker already
          new Bad(new byte[0], avro.serialize(topics.patientInfo(), PatientInfo.newBuilder().setPatientId("x").build()),
              "MISSING_KEY"));
      for (Bad b : badInfo) {
        bad.add(b);
        badSends.add(producer.send(new ProducerRecord<>(topics.patientInfo(), b.key(), b.value())));
      }

      List<Function<Integer, Bad>> poisons = poisons();
      int n = 0;
      for (int second = 0; second < SECONDS; second++) {
        for (Map.Entry<String, Integer> e : new TreeMap<>(rates).entrySet()) {
          EcgSegment s = segment(e.getKey(), "rec-" + e.getKey(), e.getValue(), second, e.getKey().hashCode());
          valid.add(s);
          byte[] v = bytes(s);
          producer.send(new ProducerRecord<>(topics.segments(), utf8(e.getKey()), v));
          if (second % 10 == 5) { // an exact duplicate of the previous segment: idempotent, not a dead letter
            EcgSegment previous = valid.get(valid.size() - 1 - rates.size());
            producer.send(new ProducerRecord<>(topics.segments(), utf8(e.getKey()), bytes(previous)));
            exactDuplicates++;
          }
        }
        if (second == 5) { // a 500 Hz segment within ok-1's 100 Hz recording
          Bad b = new Bad(utf8("ok-1"), bytes(segment("ok-1", "rec-ok-1", 500, 6, 1)), "SAMPLE_RATE_CHANGED");
          bad.add(b);
          badSends.add(producer.send(new ProducerRecord<>(topics.segments(), b.key(), b.value())));
        }
        for (int k = 0; k < BAD_PER_SECOND; k++, n++) {
          Bad b = poisons.get(n % poisons.size()).apply(n);
          bad.add(b);
          badSends.add(producer.send(new ProducerRecord<>(topics.segments(), b.key(), b.value())));
        }
      }
      // after the streams: ok-2's first second again (its windows are decided: late), and ok-4's last
      // second with other samples (still buffered for the open window: a conflicting duplicate)
      EcgSegment late = segment("ok-2", "rec-ok-2", 100, 0, 99);
      EcgSegment conflicting = segment("ok-4", "rec-ok-4", 100, SECONDS - 1, 99);
      for (Bad b : List.of(new Bad(utf8("ok-2"), bytes(late), "LATE_SEGMENT"),
          new Bad(utf8("ok-4"), bytes(conflicting), "CONFLICTING_DUPLICATE"))) {
        bad.add(b);
        badSends.add(producer.send(new ProducerRecord<>(topics.segments(), b.key(), b.value())));
      }
      producer.flush();

      Map<String, Expected> expected = new TreeMap<>();
      Map<String, Long> expectedByReason = new TreeMap<>();
      for (int i = 0; i < bad.size(); i++) {
        RecordMetadata m = badSends.get(i).get();
        Expected x = new Expected(m.topic(), m.partition(), m.offset(), bad.get(i).reason(), bad.get(i).value());
        expected.put(x.where(), x);
        expectedByReason.merge(x.reason(), 1L, Long::sum);
      }
      Kit.step("poison: " + valid.size() + " valid segments (+" + exactDuplicates + " exact duplicates) and "
          + bad.size() + " bad records sent: " + expectedByReason);

      List<ConsumerRecord<byte[], DeadLetter>> dead;
      try (Reader<DeadLetter> reader = new Reader<>(client, registry.url(), topics.deadLetters())) {
        reader.until(l -> l.size() >= expected.size(), WAIT_MS);
        dead = reader.records();
      }
      Set<WindowKey> windows = Kit.expectedWindows(valid);
      List<Classification> classified;
      try (Reader<Classification> reader = new Reader<>(client, registry.url(), topics.classifications())) {
        classified = reader.until(l -> l.size() >= windows.size(), WAIT_MS);
      }
      Kit.step("poison: " + dead.size() + " dead letters, " + classified.size() + " classifications ("
          + windows.size() + " expected)");

      Map<String, String> gotReasons = new TreeMap<>();
      for (ConsumerRecord<byte[], DeadLetter> r : dead) {
        DeadLetter d = r.value();
        String where = d.getSourceTopic() + "/" + d.getSourcePartition() + "@" + d.getSourceOffset();
        assertThat(gotReasons.put(where, d.getReason())).as("one dead letter per bad record: %s", where).isNull();
        Expected x = expected.get(where);
        assertThat(x).as("dead letter for a record that was not bad: %s %s %s", where, d.getReason(),
            d.getErrorMessage()).isNotNull();
        assertThat(d.getValue() == null ? null : toArray(d.getValue())).as("original bytes of %s", where)
            .isEqualTo(x.value());
        assertThat(d.getErrorMessage()).as("what went wrong with %s", where).isNotBlank();
      }
      Map<String, String> wantedReasons = new TreeMap<>();
      expected.forEach((where, x) -> wantedReasons.put(where, x.reason()));
      assertThat(gotReasons).as("reason of every bad record").isEqualTo(wantedReasons);

      List<WindowKey> got = classified.stream().map(WindowKey::of).toList();
      assertThat(got).doesNotHaveDuplicates();
      assertThat(Set.copyOf(got)).isEqualTo(windows);

      Map<String, Long> metric = new TreeMap<>();
      app.registry().find("ecgmon.dead.letters").counters()
          .forEach(c -> metric.put(c.getId().getTag("reason"), (long) c.count()));
      assertThat(metric).as("ecgmon.dead.letters by reason").isEqualTo(expectedByReason);
      assertThat(app.registry().find("ecgmon.segments").tag("outcome", "duplicate").counter().count())
          .as("exact duplicates taken as such").isEqualTo(exactDuplicates);
      assertThat(app.streams().state().name()).isEqualTo("RUNNING");
      assertThat(Kit.streamThreads(app)).as("no stream thread died and was replaced").isEqualTo(threads);
    }
  }

  static byte[] toArray(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
