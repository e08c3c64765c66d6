package io.ecgmon.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The integration tests' Kafka: one real broker per test JVM. A Testcontainers Kafka when a Docker
 * engine answers, the in-process KRaft broker otherwise; {@code ECGMON_TEST_BROKER=embedded} or
 * {@code =testcontainers} forces one. Other modules reuse this through local-stack's test-jar.
 */
public final class TestKafka {

  private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
  private static String bootstrapServers;
  private static String source;

  private TestKafka() {}

  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      start();
    }
    return bootstrapServers;
  }

  /** "testcontainers" or "embedded", for test reports. */
  public static synchronized String source() {
    bootstrapServers();
    return source;
  }

  private static void start() {
    String forced = System.getenv().getOrDefault("ECGMON_TEST_BROKER", "auto");
    boolean docker = !forced.equals("embedded") && (forced.equals("testcontainers") || dockerAvailable());
    try {
      if (docker) {
        KafkaContainer container = new KafkaContainer("apache/kafka:4.1.0");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
        bootstrapServers = container.getBootstrapServers();
        source = "testcontainers";
      } else {
        EmbeddedKafka kafka = EmbeddedKafka.start(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            kafka.close();
          } catch (Exception e) {
            log.warn("closing the test broker: {}", e.toString());
          }
        }));
        bootstrapServers = kafka.bootstrapServers();
        source = "embedded";
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not start the test Kafka broker", e);
    }
    log.info("test Kafka ({}) at {}", source, bootstrapServers);
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }
}
