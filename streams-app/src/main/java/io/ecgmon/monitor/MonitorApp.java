package io.ecgmon.monitor;

import io.ecgmon.deadletter.DeadLetterHandler;
import io.ecgmon.features.FeatureSpec;
import io.ecgmon.inference.Classifier;
import io.ecgmon.inference.OnnxClassifier;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running monitor instance: the model (loaded once, shared by the stream threads), the Kafka
 * Streams client over {@link MonitorTopology}, Prometheus metrics and health over HTTP. Closing it
 * is the graceful shutdown: Streams commits and leaves the group; windows still waiting for a batch
 * are found again from the committed state by the next instance.
 */
public final class MonitorApp implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MonitorApp.class);

  private final MonitorConfig config;
  private final Classifier classifier;
  private final PrometheusMeterRegistry registry;
  private final MonitorMetrics metrics;
  private final KafkaStreams streams;
  private final KafkaStreamsMetrics streamsMetrics;
  private final HttpEndpoints http;

  private MonitorApp(MonitorConfig config, Classifier classifier, PrometheusMeterRegistry registry,
      MonitorMetrics metrics, KafkaStreams streams, KafkaStreamsMetrics streamsMetrics, HttpEndpoints http) {
    this.config = config;
    this.classifier = classifier;
    this.registry = registry;
    this.metrics = metrics;
    this.streams = streams;
    this.streamsMetrics = streamsMetrics;
    this.http = http;
  }

  /** Loads the model from the configuration and starts. */
  public static MonitorApp start(MonitorConfig config) {
    OnnxClassifier classifier = OnnxClassifier.open(config.modelPath(), config.inferenceProvider(),
        config.inferenceThreads());
    try {
      return start(config, classifier, classifier.card().verifiedFeatureSpec(FeatureSpec.load()));
    } catch (RuntimeException e) {
      classifier.close();
      throw e;
    }
  }

  /** Starts with a given classifier (closed with the app). */
  public static MonitorApp start(MonitorConfig config, Classifier classifier, FeatureSpec spec) {
    checkCoPartitioned(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MonitorMetrics metrics = new MonitorMetrics(registry);
    Topology topology = MonitorTopology.build(config, classifier, spec, metrics);
    Properties props = config.properties();
    props.put(DeadLetterHandler.METRICS_CONFIG, metrics);
    KafkaStreams streams = new KafkaStreams(topology, props);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("stream thread died; replacing it: {}", e.toString(), e);
      return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
    streamsMetrics.bindTo(registry);
    HttpEndpoints http = null;
    try {
      if (config.httpPort() >= 0) {
        http = new HttpEndpoints(config.httpPort(), registry::scrape,
            () -> new HttpEndpoints.Health(streams.state() != KafkaStreams.State.ERROR
                && streams.state() != KafkaStreams.State.PENDING_ERROR, streams.state().name()),
            () -> new HttpEndpoints.Health(streams.state() == KafkaStreams.State.RUNNING, streams.state().name()));
      }
    } catch (IOException e) {
      streams.close();
      throw new UncheckedIOException("cannot serve HTTP on port " + config.httpPort() + ": " + e.getMessage(), e);
    }
    streams.start();
    log.info("monitor {} started: {} -> {}, {}, dead letters {}; guarantee {}{}", config.applicationId(),
        config.segmentsTopic(), config.classificationsTopic(), config.alertsTopic(), config.deadLettersTopic(),
        config.get("processing.guarantee"), http == null ? "" : "; HTTP on port " + http.port());
    return new MonitorApp(config, classifier, registry, metrics, streams, streamsMetrics, http);
  }

  /**
   * The patient-info store is read by the task that owns the patient's segments, so both topics must
   * be partitioned alike. Checked when both exist; missing topics are Kafka Streams' to report.
   */
  static void checkCoPartitioned(MonitorConfig config) {
    try (Admin admin = Admin.create(adminConfig(config))) {
      Map<String, TopicDescription> d = admin.describeTopics(List.of(config.segmentsTopic(),
          config.patientInfoTopic())).allTopicNames().get();
      int a = d.get(config.segmentsTopic()).partitions().size();
      int b = d.get(config.patientInfoTopic()).partitions().size();
      if (a != b) {
        throw new IllegalStateException("topics " + config.segmentsTopic() + " (" + a + " partitions) and "
            + config.patientInfoTopic() + " (" + b + ") must have the same partition count: both are keyed by "
            + "patient id and read by the same task");
      }
    } catch (ExecutionException e) {
      log.warn("could not check partition counts of the input topics: {}", e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The check's Admin client reaches the brokers as the app does: every Admin setting of the
   * configuration (security protocol, SASL, TLS, ...), Streams' {@code admin.}-prefixed overrides on
   * top, bounded timeouts unless set. (With the bootstrap list alone, a SASL_SSL cluster left the
   * check waiting 20 s for a connection and then skipping it.)
   */
  static Map<String, Object> adminConfig(MonitorConfig config) {
    Map<String, Object> all = config.asMap();
    Map<String, Object> admin = new HashMap<>();
    all.forEach((k, v) -> {
      if (AdminClientConfig.configNames().contains(k)) {
        admin.put(k, v);
      }
    });
    all.forEach((k, v) -> {
      if (k.startsWith(StreamsConfig.ADMIN_CLIENT_PREFIX)
          && AdminClientConfig.configNames().contains(k.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()))) {
        admin.put(k.substring(StreamsConfig.ADMIN_CLIENT_PREFIX.length()), v);
      }
    });
    admin.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15000);
    admin.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20000);
    return admin;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public MonitorMetrics metrics() {
    return metrics;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  public Classifier classifier() {
    return classifier;
  }

  /** The HTTP port, or -1 when there is no HTTP server. */
  public int httpPort() {
    return http == null ? -1 : http.port();
  }

  public MonitorConfig config() {
    return config;
  }

  @Override
  public void close() {
    log.info("monitor {} stopping", config.applicationId());
    // leave the group now, so a replacement gets the partitions at once, not after the session timeout
    streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
        .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    streamsMetrics.close();
    if (http != null) {
      http.close();
    }
    classifier.close();
    registry.close();
    log.info("monitor {} stopped", config.applicationId());
  }
}
