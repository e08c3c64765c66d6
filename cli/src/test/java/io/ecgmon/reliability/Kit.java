package io.ecgmon.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.alerts.AlertState;
import io.ecgmon.alerts.AlertStateMachine;
import io.ecgmon.avro.Alert;
import io.ecgmon.avro.ClassScore;
import io.ecgmon.avro.Classification;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.serde.AvroDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the reliability tests share: fresh topics per test, the monitor's settings, read_committed
 * readers, and the two oracles: the windows a stream of segments must yield (from what was actually
 * produced), and the alerts a sequence of classifications must yield (the pure alert state machine).
 */
final class Kit {

  static final Path REPO = Path.of(System.getProperty("ecgmon.repo.root", ".."));
  static final Path MODEL = REPO.resolve("model").resolve("ecgmon-ptbxl.onnx");
  /** Upper bound of every wait: a test that needs it has failed; a passing run never comes near. */
  static final long WAIT_MS = 150_000;
  static final int WINDOW_SECONDS = 10;
  static final int HOP_SECONDS = 5;
  static final int ALERT_CONSECUTIVE = 3;

  /** State directories of the monitors the tests start, deleted when the test JVM exits. */
  private static final List<Path> TEMPORARY = new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMPORARY.forEach(Kit::deleteQuietly)));
  }

  private Kit() {}

  /** A temporary directory deleted when the test JVM exits. */
  static Path tempDir(String prefix) throws java.io.IOException {
    Path dir = Files.createTempDirectory(prefix);
    TEMPORARY.add(dir);
    return dir;
  }

  private static void deleteQuietly(Path dir) {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (java.io.IOException | RuntimeException e) {
      // best effort: it is a temporary directory
    }
  }

  /** One test's topic names, unique so tests sharing a cluster cannot see each other's records. */
  record Topics(String segments, String patientInfo, String classifications, String alerts, String deadLetters) {

    static Topics fresh(String name) {
      String id = name + "-" + UUID.randomUUID().toString().substring(0, 8);
      return new Topics("segments-" + id, "patient-info-" + id, "classifications-" + id, "alerts-" + id,
          "dead-letters-" + id);
    }

    /** The project's default names (the ACL layout's). */
    static Topics defaults() {
      return new Topics("ecg-segments", "patient-info", "classifications", "alerts", "ecgmon-monitor-dead-letters");
    }

    /** Inputs with {@code inputPartitions} (co-partitioned), outputs with {@code outputPartitions}. */
    void create(Map<String, Object> adminConfig, int inputPartitions, int outputPartitions, int replication)
        throws Exception {
      short rf = (short) replication;
      try (Admin admin = Admin.create(adminConfig)) {
        admin.createTopics(List.of(
            new NewTopic(segments, inputPartitions, rf),
            new NewTopic(patientInfo, inputPartitions, rf).configs(Map.of("cleanup.policy", "compact")),
            new NewTopic(classifications, outputPartitions, rf),
            new NewTopic(alerts, outputPartitions, rf),
            new NewTopic(deadLetters, outputPartitions, rf))).all().get();
      }
    }
  }

  /**
   * The monitor's settings for a test: the client properties (bootstrap and security), the topics,
   * the shipped model; idle expiry far beyond any test so a stream that stops is never flushed
   * (which could classify a trailing partial window and make the expected set depend on timing).
   */
  static Map<String, String> monitorConfig(String applicationId, Map<String, Object> client, String registryUrl,
      Topics topics) throws Exception {
    Map<String, String> p = new LinkedHashMap<>();
    client.forEach((k, v) -> p.put(k, String.valueOf(v)));
    p.put("application.id", applicationId);
    p.put("schema.registry.url", registryUrl);
    p.put("state.dir", tempDir("ecgmon-rel-").toString());
    p.put(MonitorConfig.TOPIC_SEGMENTS, topics.segments());
    p.put(MonitorConfig.TOPIC_PATIENT_INFO, topics.patientInfo());
    p.put(MonitorConfig.TOPIC_CLASSIFICATIONS, topics.classifications());
    p.put(MonitorConfig.TOPIC_ALERTS, topics.alerts());
    p.put(MonitorConfig.TOPIC_DEAD_LETTERS, topics.deadLetters());
    p.put(MonitorConfig.MODEL_PATH, MODEL.toString());
    p.put(MonitorConfig.HTTP_PORT, "-1");
    p.put(MonitorConfig.BATCH_MAX_SIZE, "8");
    p.put(MonitorConfig.IDLE_TIMEOUT_MS, "3600000");
    p.put(MonitorConfig.ALERT_CONSECUTIVE, Integer.toString(ALERT_CONSECUTIVE));
    return p;
  }

  static MonitorApp startMonitor(Map<String, String> config) {
    Properties p = new Properties();
    p.putAll(config);
    return MonitorApp.start(new MonitorConfig(p));
  }

  static void awaitRunning(MonitorApp app, long timeoutMs) throws Exception {
    await(() -> app.streams().state() == KafkaStreams.State.RUNNING, timeoutMs,
        () -> "monitor RUNNING (state " + app.streams().state() + ")");
  }

  private static final long T0 = System.nanoTime();

  /** A progress line on stderr (in the failsafe report), with seconds since the test JVM's first use of the kit. */
  static void step(String what) {
    System.err.printf("[reliability %6.1f s] %s%n", (System.nanoTime() - T0) / 1e9, what);
  }

  /** Windows the app's own metric says it classified (counts this instance's forwards only). */
  static double classifiedBy(MonitorApp app) {
    return app.registry().find("ecgmon.windows").tag("outcome", "classified").counters().stream()
        .mapToDouble(c -> c.count()).sum();
  }

  /** Waits for a condition with a bound; the bound is never what a passing run measures. */
  static void await(BooleanSupplier condition, long timeoutMs, java.util.function.Supplier<String> what)
      throws TimeoutException, InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new TimeoutException("waited " + timeoutMs / 1000 + " s for " + what.get());
      }
      Thread.sleep(100);
    }
  }

  static Map<String, Object> avroConsumerConfig(Map<String, Object> client, String registryUrl) {
    Map<String, Object> c = new HashMap<>(client);
    c.put("schema.registry.url", registryUrl);
    c.put("specific.avro.reader", "true");
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return c;
  }

  /**
   * A read_committed reader of a whole topic from its beginning, without a group (so nothing can make
   * it skip or re-read): what a downstream consumer of the monitor sees. Kept open across polls so a
   * test can wait for a count and then keep reading for late duplicates.
   */
  static final class Reader<V> implements AutoCloseable {
    private final KafkaConsumer<byte[], Object> consumer;
    private final List<ConsumerRecord<byte[], V>> records = new ArrayList<>();

    Reader(Map<String, Object> client, String registryUrl, String topic) {
      this(client, registryUrl, topic, null);
    }

    /** With a {@code group}: subscribes in that consumer group (what a subscriber with a group ACL does). */
    Reader(Map<String, Object> client, String registryUrl, String topic, String group) {
      Map<String, Object> c = avroConsumerConfig(client, registryUrl);
      if (group != null) {
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
      }
      AvroDeserializer<Object> values = new AvroDeserializer<>();
      values.configure(c, false);
      consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), values);
      if (group != null) {
        consumer.subscribe(List.of(topic));
      } else {
        consumer.assign(consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
            .map(p -> new TopicPartition(topic, p.partition())).toList());
        consumer.seekToBeginning(consumer.assignment());
      }
    }

    @SuppressWarnings("unchecked")
    List<ConsumerRecord<byte[], V>> poll() {
      for (ConsumerRecord<byte[], Object> r : consumer.poll(Duration.ofMillis(200))) {
        records.add((ConsumerRecord<byte[], V>) (ConsumerRecord<?, ?>) r);
      }
      return records;
    }

    /** Polls until {@code done} holds (TimeoutException after {@code timeoutMs}), then 3 s more. */
    List<V> until(Predicate<List<V>> done, long timeoutMs) throws TimeoutException {
      long deadline = System.currentTimeMillis() + timeoutMs;
      while (!done.test(values())) {
        if (System.currentTimeMillis() > deadline) {
          throw new TimeoutException("waited " + timeoutMs / 1000 + " s; read " + records.size() + " records");
        }
        poll();
      }
      long settle = System.currentTimeMillis() + 3_000;
      while (System.currentTimeMillis() < settle) {
        poll();
      }
      return values();
    }

    List<V> values() {
      return records.stream().map(ConsumerRecord::value).toList();
    }

    List<ConsumerRecord<byte[], V>> records() {
      return List.copyOf(records);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /** Every record on a topic up to its end offsets now (read_uncommitted: the simulator is not transactional). */
  static List<EcgSegment> readSegments(Map<String, Object> client, String registryUrl, String topic) {
    Map<String, Object> c = avroConsumerConfig(client, registryUrl);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    AvroDeserializer<Object> values = new AvroDeserializer<>();
    values.configure(c, false);
    List<EcgSegment> out = new ArrayList<>();
    try (KafkaConsumer<byte[], Object> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), values)) {
      List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.currentTimeMillis() + WAIT_MS;
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("could not read " + topic + " to its end " + end);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add((EcgSegment) r.value()));
      }
    }
    return out;
  }

  /** A window by what identifies it: patient, recording, first sample index. */
  record WindowKey(String patient, String recording, long start) {
    static WindowKey of(Classification c) {
      return new WindowKey(c.getPatientId(), c.getRecordingId(), c.getWindowStartIndex());
    }

    @Override
    public String toString() {
      return patient + "/" + recording + "@" + start;
    }
  }

  /**
   * The windows a gap-free stream must yield: every [s, s + W) on the hop grid that the produced
   * segments cover completely. (A window only partly covered at the end of a stream is decided
   * when the stream moves past its end plus grace, which it never does here, or at idle expiry, which
   * the tests set beyond their length.)
   */
  static Set<WindowKey> expectedWindows(List<EcgSegment> produced) {
    Map<String, List<EcgSegment>> byRecording = new TreeMap<>();
    for (EcgSegment s : produced) {
      byRecording.computeIfAbsent(s.getPatientId() + "\u0000" + s.getRecordingId(), k -> new ArrayList<>()).add(s);
    }
    Set<WindowKey> out = new HashSet<>();
    byRecording.values().forEach(segs -> {
      segs.sort(Comparator.comparingLong(EcgSegment::getFirstSampleIndex));
      int rate = Math.round(segs.get(0).getSampleRateHz());
      long length = (long) WINDOW_SECONDS * rate;
      long hop = (long) HOP_SECONDS * rate;
      // contiguous runs of samples: [start, end)
      List<long[]> runs = new ArrayList<>();
      for (EcgSegment s : segs) {
        long a = s.getFirstSampleIndex();
        long b = a + s.getSamplesPerLead();
        if (!runs.isEmpty() && a <= runs.get(runs.size() - 1)[1]) {
          runs.get(runs.size() - 1)[1] = Math.max(runs.get(runs.size() - 1)[1], b);
        } else {
          runs.add(new long[] {a, b});
        }
      }
      for (long[] run : runs) {
        for (long s = Math.floorDiv(run[0] + hop - 1, hop) * hop; s + length <= run[1]; s += hop) {
          out.add(new WindowKey(segs.get(0).getPatientId(), segs.get(0).getRecordingId(), s));
        }
      }
    });
    return out;
  }

  /** An alert by what must not repeat: patient, kind, window, and the classes it names. */
  static String alertKey(Alert a) {
    return a.getPatientId() + " " + a.getKind() + " @" + a.getWindowStartIndex() + " " + a.getClasses();
  }

  /**
   * The alerts the classifications imply: each patient's windows in order through the same pure state
   * machine, thresholds from the classifications themselves (the model card's). Exactly these, once
   * each, is what the monitor must have published if nothing was lost or replayed.
   */
  static List<String> expectedAlerts(List<Classification> classifications) {
    Map<String, List<Classification>> byPatient = new TreeMap<>();
    classifications.forEach(c -> byPatient.computeIfAbsent(c.getPatientId(), k -> new ArrayList<>()).add(c));
    List<String> out = new ArrayList<>();
    byPatient.forEach((patient, cs) -> {
      cs.sort(Comparator.comparingLong(Classification::getWindowStartIndex));
      List<String> labels = cs.get(0).getScores().stream().map(ClassScore::getLabel).toList();
      Map<String, Float> thresholds = new HashMap<>();
      cs.get(0).getScores().forEach(s -> thresholds.put(s.getLabel(), s.getThreshold()));
      AlertStateMachine machine = new AlertStateMachine(labels, thresholds, ALERT_CONSECUTIVE);
      AlertState state = AlertState.EMPTY;
      for (Classification c : cs) {
        float[] p = new float[labels.size()];
        for (int i = 0; i < p.length; i++) {
          p[i] = c.getScores().get(i).getProbability();
        }
        AlertStateMachine.Step step = machine.next(state, p);
        state = step.state();
        if (step.change() != null) {
          out.add(patient + " " + step.change().kind() + " @" + c.getWindowStartIndex() + " "
              + step.change().classes());
        }
      }
    });
    return out;
  }

  /** Exactly the expected windows, each once; exactly the implied alerts, each once. */
  static void assertExactlyOnce(List<Classification> classifications, Set<WindowKey> expected, List<Alert> alerts) {
    List<WindowKey> got = classifications.stream().map(WindowKey::of).toList();
    assertThat(got).as("classified windows, read_committed").doesNotHaveDuplicates();
    assertThat(new HashSet<>(got)).as("classified windows vs the windows the produced segments cover")
        .isEqualTo(expected);
    List<String> alertKeys = alerts.stream().map(Kit::alertKey).toList();
    assertThat(alertKeys).as("alerts, read_committed").doesNotHaveDuplicates();
    assertThat(alertKeys).as("alerts vs the alert state machine run over the classifications")
        .containsExactlyInAnyOrderElementsOf(expectedAlerts(new ArrayList<>(classifications)));
  }

  /** Names of the app's stream threads: a replaced (crashed) thread shows up as a new name. */
  static List<String> streamThreads(MonitorApp app) {
    return app.streams().metadataForLocalThreads().stream().map(t -> t.threadName()).sorted().toList();
  }
}
