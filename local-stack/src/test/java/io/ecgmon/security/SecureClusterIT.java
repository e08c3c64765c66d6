package io.ecgmon.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.config.ClientConfig;
import io.ecgmon.registry.HttpSchemaRegistryClient;
import io.ecgmon.registry.server.SchemaRegistryServer;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.GlobalKTable;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SASL_SSL broker with SCRAM users and ecgmon's {@link AclLayout}: each component works with its
 * own credentials and nothing more, strangers and wrong passwords are turned away.
 */
class SecureClusterIT {

  static final String SIM = "ecgmon-sim";
  static final String MONITOR = "ecgmon-monitor";
  static final String ALERTS = "ecgmon-alerts";
  static final String VIEW = "ecgmon-view";
  static final String REGISTRY = "ecgmon-registry";
  /** Authenticated, but no ACL names it. */
  static final String STRANGER = "stranger";

  static EmbeddedKafka kafka;
  static final Map<String, String> PASSWORDS = new HashMap<>();
  static final AclLayout LAYOUT = AclLayout.defaults();

  @BeforeAll
  static void secureClusterWithTheEcgmonLayout() throws Exception {
    kafka = EmbeddedKafka.builder().saslSsl().start();
    for (String user : List.of(SIM, MONITOR, ALERTS, VIEW, REGISTRY, STRANGER)) {
      byte[] secret = new byte[12];
      new SecureRandom().nextBytes(secret);
      PASSWORDS.put(user, HexFormat.of().formatHex(secret));
    }
    kafka.upsertScramUsers(PASSWORDS);
    try (Admin admin = Admin.create(kafka.superUserConfig())) {
      List<NewTopic> topics = new ArrayList<>();
      for (String t : List.of(LAYOUT.segmentsTopic(), LAYOUT.patientInfoTopic(), LAYOUT.classificationsTopic(),
          LAYOUT.alertsTopic(), LAYOUT.deadLetterTopic())) {
        topics.add(new NewTopic(t, 2, (short) 1));
      }
      admin.createTopics(topics).all().get();
      List<AclBinding> acls = LAYOUT.apply(admin);
      kafka.awaitAcls(acls);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  static Map<String, Object> as(String user) {
    return kafka.clientConfig(user, PASSWORDS.get(user));
  }

  static KafkaProducer<String, String> producer(Map<String, Object> config) {
    Map<String, Object> c = new HashMap<>(config);
    c.put(ProducerConfig.ACKS_CONFIG, "all");
    c.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    return new KafkaProducer<>(c, new StringSerializer(), new StringSerializer());
  }

  static KafkaConsumer<String, String> consumer(Map<String, Object> config, String group) {
    Map<String, Object> c = new HashMap<>(config);
    if (group != null) {
      c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    }
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
  }

  /** Polls until {@code count} records arrived (or 30 s passed: the assertion then shows what came). */
  static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
    List<ConsumerRecord<String, String>> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 30_000;
    while (out.size() < count && System.currentTimeMillis() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(out::add);
    }
    return out;
  }

  /** Values polled until {@code wanted} shows up (or 30 s passed). */
  static List<String> pollUntilValue(KafkaConsumer<String, String> consumer, String wanted) {
    List<String> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + 30_000;
    while (!out.contains(wanted) && System.currentTimeMillis() < deadline) {
      consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
    }
    return out;
  }

  static List<ConsumerRecord<String, String>> readAll(String topic, int count) {
    try (KafkaConsumer<String, String> c = consumer(kafka.superUserConfig(), null)) {
      List<TopicPartition> partitions = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(partitions);
      return poll(c, count);
    }
  }

  @Test
  void theSimulatorProducesSegmentsAndPatientInfoIdempotently() throws Exception {
    try (KafkaProducer<String, String> p = producer(as(SIM))) {
      for (int i = 0; i < 5; i++) {
        p.send(new ProducerRecord<>(LAYOUT.segmentsTopic(), "sim-patient-" + i, "segment " + i)).get();
      }
      p.send(new ProducerRecord<>(LAYOUT.patientInfoTopic(), "sim-patient-0", "info")).get();
    }
    assertThat(readAll(LAYOUT.segmentsTopic(), 5)).extracting(ConsumerRecord::key)
        .contains("sim-patient-0", "sim-patient-1", "sim-patient-2", "sim-patient-3", "sim-patient-4");
    assertThat(readAll(LAYOUT.patientInfoTopic(), 1)).extracting(ConsumerRecord::value).contains("info");
  }

  /** docs/security.md's recipe: non-secret settings in a file, the JAAS line (the secret) in the environment. */
  @Test
  void theDocumentedClientConfigurationWorks(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ecgmon-client.properties");
    Files.writeString(file, String.join("\n",
        "security.protocol=SASL_SSL",
        "sasl.mechanism=SCRAM-SHA-512",
        "ssl.truststore.type=PKCS12",
        "ssl.truststore.location=" + kafka.tls().truststore(),
        "ssl.truststore.password=" + kafka.tls().password(),
        ""));
    Map<String, String> env = Map.of(
        "ECGMON_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
        "ECGMON_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required "
            + "username=\"" + SIM + "\" password=\"" + PASSWORDS.get(SIM) + "\";",
        "HOME", "/not/a/kafka/setting");
    Properties config = ClientConfig.load(Map.of("bootstrap.servers", "localhost:9092"), file, env, Map.of());
    assertThat(config).doesNotContainKey("home");
    try (KafkaProducer<String, String> p = producer(ClientConfig.toMap(config))) {
      assertThat(p.send(new ProducerRecord<>(LAYOUT.patientInfoTopic(), "config-patient", "via file+env")).get()
          .topic()).isEqualTo(LAYOUT.patientInfoTopic());
    }
  }

  @Test
  void theSimulatorCannotReadWhatItWrites() {
    try (KafkaConsumer<String, String> c = consumer(as(SIM), null)) {
      c.assign(List.of(new TopicPartition(LAYOUT.segmentsTopic(), 0)));
      assertThatThrownBy(() -> c.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void theAlertsSubscriberReadsAlertsInItsOwnGroups() throws Exception {
    try (KafkaProducer<String, String> p = producer(kafka.superUserConfig())) {
      p.send(new ProducerRecord<>(LAYOUT.alertsTopic(), "alert-patient", "ONSET MI")).get();
    }
    try (KafkaConsumer<String, String> c = consumer(as(ALERTS), "ecgmon-alerts-pager")) {
      c.subscribe(List.of(LAYOUT.alertsTopic()));
      assertThat(poll(c, 1)).extracting(ConsumerRecord::value).contains("ONSET MI");
      c.commitSync();
    }
    try (KafkaConsumer<String, String> c = consumer(as(ALERTS), "someone-elses-group")) {
      c.subscribe(List.of(LAYOUT.alertsTopic()));
      assertThatThrownBy(() -> c.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
    }
  }

  @Test
  void onlyTheLiveViewAmongTheSubscribersSeesRawSegments() throws Exception {
    try (KafkaProducer<String, String> p = producer(as(SIM))) {
      p.send(new ProducerRecord<>(LAYOUT.segmentsTopic(), 0, "view-patient", "view-segment")).get();
    }
    try (KafkaConsumer<String, String> c = consumer(as(VIEW), null)) {
      c.assign(List.of(new TopicPartition(LAYOUT.segmentsTopic(), 0)));
      assertThat(pollUntilValue(c, "view-segment")).contains("view-segment");
    }
    try (KafkaConsumer<String, String> c = consumer(as(ALERTS), null)) {
      c.assign(List.of(new TopicPartition(LAYOUT.segmentsTopic(), 0)));
      assertThatThrownBy(() -> c.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aPrincipalWithoutAclsCanNeitherReadAlertsNorWriteSegments() {
    try (KafkaConsumer<String, String> c = consumer(as(STRANGER), null)) {
      c.assign(List.of(new TopicPartition(LAYOUT.alertsTopic(), 0)));
      assertThatThrownBy(() -> c.poll(Duration.ofSeconds(10)))
          .isInstanceOfSatisfying(TopicAuthorizationException.class,
              e -> assertThat(e.unauthorizedTopics()).containsExactly(LAYOUT.alertsTopic()));
    }
    Map<String, Object> plainProducer = new HashMap<>(as(STRANGER));
    plainProducer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    try (KafkaProducer<String, String> p = producer(plainProducer)) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>(LAYOUT.segmentsTopic(), "p", "forged")).get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void theMonitorCannotForgeInputSegments() {
    // the monitor may write (so its idempotent producer starts), but not to its own input
    try (KafkaProducer<String, String> p = producer(as(MONITOR))) {
      assertThatThrownBy(() -> p.send(new ProducerRecord<>(LAYOUT.segmentsTopic(), "p", "forged")).get())
          .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
    }
  }

  @Test
  void aWrongPasswordFailsAuthentication() {
    try (Admin admin = Admin.create(kafka.clientConfig(ALERTS, PASSWORDS.get(ALERTS) + "x"))) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get())
          .hasCauseInstanceOf(SaslAuthenticationException.class);
    }
  }

  @Test
  void theClientListenerOffersScramOnlySoTheSuperUserPasswordIsUselessThere() {
    Map<String, Object> plainOnClientListener = new HashMap<>(kafka.superUserConfig());
    plainOnClientListener.put("bootstrap.servers", kafka.bootstrapServers());
    try (Admin admin = Admin.create(plainOnClientListener)) {
      assertThatThrownBy(() -> admin.describeCluster().nodes().get())
          .hasCauseInstanceOf(UnsupportedSaslMechanismException.class);
    }
  }

  /**
   * A small topology with what the real monitor uses, run with the monitor principal's ACLs only:
   * exactly_once_v2 (transactional ids), a global table on patient-info, a repartition topic and a
   * state store changelog (internal topics Streams creates itself), and all three outputs.
   */
  @Test
  void aKafkaStreamsAppWithTheMonitorPrincipalRunsExactlyOnce() throws Exception {
    int segments = 12;
    try (KafkaProducer<String, String> p = producer(as(SIM))) {
      p.send(new ProducerRecord<>(LAYOUT.patientInfoTopic(), "streams-p0", "age 61")).get();
      for (int i = 0; i < segments; i++) {
        p.send(new ProducerRecord<>(LAYOUT.segmentsTopic(), "streams-p" + (i % 3), "streams-segment-" + i));
      }
      p.send(new ProducerRecord<>(LAYOUT.segmentsTopic(), "streams-p0", "")).get();
    }

    StreamsBuilder builder = new StreamsBuilder();
    GlobalKTable<String, String> patients = builder.globalTable(LAYOUT.patientInfoTopic());
    KStream<String, String> input = builder.stream(LAYOUT.segmentsTopic());
    input.filter((k, v) -> v.isEmpty()).mapValues(v -> "empty segment").to(LAYOUT.deadLetterTopic());
    KStream<String, String> valid = input.filter((k, v) -> !v.isEmpty());
    valid.leftJoin(patients, (k, v) -> k, (segment, info) -> segment + (info == null ? "" : " | " + info))
        .to(LAYOUT.classificationsTopic());
    valid.groupBy((k, v) -> k).count(Materialized.as("segments-per-patient")).toStream()
        .mapValues(String::valueOf).to(LAYOUT.alertsTopic());

    Map<String, Object> config = new HashMap<>(as(MONITOR));
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, LAYOUT.monitorApplicationId());
    config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("ecgmon-streams-").toString());
    config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    try (KafkaStreams streams = new KafkaStreams(builder.build(), new StreamsConfig(config))) {
      streams.setUncaughtExceptionHandler(e -> {
        failures.add(e);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
      });
      streams.start();

      try (KafkaConsumer<String, String> c = consumer(as(ALERTS), "ecgmon-alerts-streams-check")) {
        c.subscribe(List.of(LAYOUT.classificationsTopic()));
        // other tests write segments too: look at this test's patients only
        List<String> out = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (out.size() < segments && System.currentTimeMillis() < deadline) {
          c.poll(Duration.ofMillis(200)).forEach(r -> {
            if (r.key().startsWith("streams-")) {
              out.add(r.value());
            }
          });
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < segments; i++) {
          expected.add("streams-segment-" + i + (i % 3 == 0 ? " | age 61" : ""));
        }
        assertThat(failures).isEmpty();
        assertThat(out).containsExactlyInAnyOrderElementsOf(expected);
      }
      Map<String, String> lastCount = new HashMap<>();
      try (KafkaConsumer<String, String> c = consumer(as(ALERTS), "ecgmon-alerts-streams-counts")) {
        c.subscribe(List.of(LAYOUT.alertsTopic()));
        long deadline = System.currentTimeMillis() + 30_000;
        while (!lastCount.equals(Map.of("streams-p0", "4", "streams-p1", "4", "streams-p2", "4"))
            && System.currentTimeMillis() < deadline) {
          c.poll(Duration.ofMillis(200)).forEach(r -> {
            if (r.key().startsWith("streams-")) {
              lastCount.put(r.key(), r.value());
            }
          });
        }
      }
      assertThat(lastCount).isEqualTo(Map.of("streams-p0", "4", "streams-p1", "4", "streams-p2", "4"));
      assertThat(readAll(LAYOUT.deadLetterTopic(), 1)).extracting(ConsumerRecord::value)
          .containsExactly("empty segment");
      assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(failures).isEmpty();
    }
    try (Admin admin = Admin.create(kafka.superUserConfig())) {
      assertThat(admin.listTopics().names().get())
          .anyMatch(t -> t.startsWith(LAYOUT.monitorApplicationId()) && t.endsWith("-repartition"))
          .anyMatch(t -> t.startsWith(LAYOUT.monitorApplicationId()) && t.endsWith("-changelog"));
    }
  }

  @Test
  void theSchemaRegistryRunsWithItsOwnPrincipal() throws Exception {
    Schema schema = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"Probe\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}");
    try (SchemaRegistryServer registry = SchemaRegistryServer.start(as(REGISTRY), "localhost", 0,
        LAYOUT.schemasTopic())) {
      HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url(), null);
      int id = client.register("probe-value", schema);
      assertThat(client.getById(id)).isEqualTo(schema);
    }
  }
}
