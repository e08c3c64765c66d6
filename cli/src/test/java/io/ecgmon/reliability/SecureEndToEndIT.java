package io.ecgmon.reliability;

import static io.ecgmon.reliability.Kit.WAIT_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.avro.Alert;
import io.ecgmon.avro.Classification;
import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.registry.server.SchemaRegistryServer;
import io.ecgmon.reliability.Kit.Reader;
import io.ecgmon.reliability.Kit.Topics;
import io.ecgmon.reliability.Kit.WindowKey;
import io.ecgmon.replay.SimulateCommand;
import io.ecgmon.replay.Simulation;
import io.ecgmon.security.AclLayout;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ecgmon end to end on a SASL_SSL cluster (SCRAM-SHA-512, TLS, StandardAuthorizer) with the project's
 * ACL layout: the real simulator as {@code ecgmon-sim}, the real monitor ({@link MonitorApp},
 * exactly_once_v2, the shipped model) as {@code ecgmon-monitor}, configured the way docs/security.md
 * says (settings in a file, the JAAS secret in the environment), the schema registry as
 * {@code ecgmon-registry}, and a subscriber as {@code ecgmon-alerts} in its own group: classifications
 * and alerts flow, every window exactly once. A principal without ACLs can neither read the alerts nor
 * write segments, not even with the real simulator.
 */
class SecureEndToEndIT {

  static final String SIM = "ecgmon-sim";
  static final String MONITOR = "ecgmon-monitor";
  static final String ALERTS = "ecgmon-alerts";
  static final String REGISTRY = "ecgmon-registry";
  static final String STRANGER = "stranger";
  static final AclLayout LAYOUT = AclLayout.defaults();
  static final Topics TOPICS = Topics.defaults();

  static EmbeddedKafka kafka;
  static SchemaRegistryServer registry;
  static final Map<String, String> PASSWORDS = new HashMap<>();

  @BeforeAll
  static void secureClusterWithTheLayout() throws Exception {
    kafka = EmbeddedKafka.builder().saslSsl().start();
    for (String user : List.of(SIM, MONITOR, ALERTS, REGISTRY, STRANGER)) {
      byte[] secret = new byte[12];
      new SecureRandom().nextBytes(secret);
      PASSWORDS.put(user, HexFormat.of().formatHex(secret));
    }
    kafka.upsertScramUsers(PASSWORDS);
    // an administrator creates the topics (no component may) and applies the layout
    TOPICS.create(kafka.superUserConfig(), 3, 1, 1);
    try (Admin admin = Admin.create(kafka.superUserConfig())) {
      List<AclBinding> acls = LAYOUT.apply(admin);
      kafka.awaitAcls(acls);
    }
    assertThat(List.of(TOPICS.segments(), TOPICS.patientInfo(), TOPICS.classifications(), TOPICS.alerts(),
        TOPICS.deadLetters())).containsExactly(LAYOUT.segmentsTopic(), LAYOUT.patientInfoTopic(),
        LAYOUT.classificationsTopic(), LAYOUT.alertsTopic(), LAYOUT.deadLetterTopic());
    registry = SchemaRegistryServer.start(as(REGISTRY), "localhost", 0, SchemaRegistryServer.DEFAULT_TOPIC);
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

  static Map<String, Object> as(String user) {
    return kafka.clientConfig(user, PASSWORDS.get(user));
  }

  /** A client properties file of docs/security.md: everything but the bootstrap list and, unless asked, the secret. */
  static Path propertiesFile(Path dir, String user, boolean withSecret) throws Exception {
    Properties p = new Properties();
    as(user).forEach((k, v) -> {
      if (!k.equals("bootstrap.servers") && (withSecret || !k.equals("sasl.jaas.config"))) {
        p.setProperty(k, String.valueOf(v));
      }
    });
    Path file = dir.resolve(user + ".properties");
    try (Writer w = Files.newBufferedWriter(file)) {
      p.store(w, "ecgmon client settings of " + user);
    }
    return file;
  }

  @Test
  void theSimulatorAndTheMonitorWorkWithTheirOwnCredentialsOnly(@TempDir Path dir) throws Exception {
    // the monitor as documented: settings in a file, the JAAS line and the brokers from the environment
    Map<String, String> env = Map.of(
        "ECGMON_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "ECGMON_SASL_JAAS_CONFIG", String.valueOf(as(MONITOR).get("sasl.jaas.config")));
    Map<String, String> overrides = new HashMap<>(Kit.monitorConfig(LAYOUT.monitorApplicationId(), Map.of(),
        registry.url(), TOPICS));
    MonitorConfig config = MonitorConfig.load(propertiesFile(dir, MONITOR, false), env, overrides);
    assertThat(config.get("sasl.jaas.config")).contains("username=\"" + MONITOR + "\"");
    assertThat(config.applicationId()).isEqualTo(LAYOUT.monitorApplicationId());

    Simulation sim = null;
    try (MonitorApp app = MonitorApp.start(config);
        Reader<Classification> classifications = new Reader<>(as(ALERTS), registry.url(), TOPICS.classifications(),
            "ecgmon-alerts-e2e-classifications");
        Reader<Alert> alerts = new Reader<>(as(ALERTS), registry.url(), TOPICS.alerts(), "ecgmon-alerts-e2e")) {
      Kit.awaitRunning(app, WAIT_MS);
      Kit.step("secure: monitor RUNNING as " + MONITOR);
      // the simulator with its own properties file: 5 synthetic patients (one per class), 40 s each, at full speed
      sim = SimulateCommand.start("--config", propertiesFile(dir, SIM, true).toString(),
          "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
          "--patients", "5", "--duration", "40s", "--speed", "max", "--seed", "5");
      assertThat(sim.await(Duration.ofMillis(WAIT_MS))).isTrue();
      assertThat(sim.failure()).isNull();
      assertThat(sim.counters().segments()).isEqualTo(5 * 40);
      Kit.step("secure: simulator as " + SIM + " sent " + sim.counters().segments() + " segments");

      Set<WindowKey> expected = Kit.expectedWindows(Kit.readSegments(kafka.superUserConfig(), registry.url(),
          TOPICS.segments()));
      assertThat(expected).hasSize(5 * 7);
      List<Classification> classified = classifications.until(l -> l.size() >= expected.size(), WAIT_MS);
      List<String> expectedAlerts = Kit.expectedAlerts(new ArrayList<>(classified));
      List<Alert> raised = alerts.until(l -> l.size() >= expectedAlerts.size(), WAIT_MS);
      Kit.step("secure: " + ALERTS + " read " + classified.size() + " classifications and " + raised.size()
          + " alerts");
      Kit.assertExactlyOnce(classified, expected, raised);
      assertThat(expectedAlerts).as("the synthetic abnormal patients raise alerts").isNotEmpty();
      assertThat(app.streams().state().name()).isEqualTo("RUNNING");
    } finally {
      if (sim != null) {
        sim.close();
      }
    }
  }

  /**
   * The monitor's start-up check that both inputs have the same partition count works on a secure
   * cluster too: it refuses topics partitioned differently (it once connected with the bootstrap
   * list only, timed out on the SASL_SSL listener after 20 s and let the app start).
   */
  @Test
  void theMonitorRefusesInputsPartitionedDifferentlyOnASecureClusterToo() throws Exception {
    String segments = LAYOUT.monitorApplicationId() + "-check-segments";
    String info = LAYOUT.monitorApplicationId() + "-check-info";
    try (Admin admin = Admin.create(kafka.superUserConfig())) {
      admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(segments, 3, (short) 1),
          new org.apache.kafka.clients.admin.NewTopic(info, 2, (short) 1))).all().get();
    }
    Map<String, String> settings = Kit.monitorConfig(LAYOUT.monitorApplicationId() + "-check", as(MONITOR),
        registry.url(), TOPICS);
    settings.put(MonitorConfig.TOPIC_SEGMENTS, segments);
    settings.put(MonitorConfig.TOPIC_PATIENT_INFO, info);
    assertThatThrownBy(() -> Kit.startMonitor(settings).close()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("must have the same partition count");
  }

  @Test
  void aStrangerCanNeitherReadAlertsNorWriteSegments(@TempDir Path dir) throws Exception {
    Map<String, Object> consumer = new HashMap<>(as(STRANGER));
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumer, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      c.assign(List.of(new TopicPartition(TOPICS.alerts(), 0)));
      assertThatThrownBy(() -> c.poll(Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(TopicAuthorizationException.class,
              e -> assertThat(e.unauthorizedTopics()).containsExactly(TOPICS.alerts()));
    }
    Map<String, Object> producer = new HashMap<>(as(STRANGER));
    producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    producer.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producer, new ByteArraySerializer(),
        new ByteArraySerializer())) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>(TOPICS.segments(), "p".getBytes(), new byte[] {0})).get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    // the real simulator with the stranger's credentials does not get to send a single segment
    assertThatThrownBy(() -> SimulateCommand.start("--config", propertiesFile(dir, STRANGER, true).toString(),
        "--bootstrap-servers", kafka.bootstrapServers(), "--schema-registry-url", registry.url(),
        "--patients", "1", "--duration", "5s", "--speed", "max").close())
        .satisfies(e -> assertThat(causes(e)).as("causes of %s", e.toString())
            .anyMatch(AuthorizationException.class::isInstance));
  }

  static List<Throwable> causes(Throwable e) {
    List<Throwable> out = new ArrayList<>();
    for (Throwable t = e; t != null && !out.contains(t); t = t.getCause()) {
      out.add(t);
    }
    return out;
  }
}
