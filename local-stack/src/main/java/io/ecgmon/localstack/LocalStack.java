package io.ecgmon.localstack;

import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.registry.server.SchemaRegistryServer;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts an in-process Kafka cluster and the schema registry, and keeps them up until Ctrl-C. */
@Command(name = "local-stack", mixinStandardHelpOptions = true, version = "ecgmon local-stack 0.1.0",
    description = "Runs a real in-process Kafka (KRaft) and a Confluent-compatible schema registry for "
        + "ecgmon on this machine, until Ctrl-C, and prints bootstrap.servers and schema.registry.url. "
        + "Data lives in a temporary folder and is gone on exit.")
public final class LocalStack implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

  @Option(names = "--kafka-port", defaultValue = "${env:ECGMON_KAFKA_PORT:-9092}",
      description = "Kafka client port, single node only (env ECGMON_KAFKA_PORT, default ${DEFAULT-VALUE}); "
          + "0 picks a free one.")
  int kafkaPort;

  @Option(names = "--registry-port", defaultValue = "${env:ECGMON_REGISTRY_PORT:-8081}",
      description = "Schema registry HTTP port (env ECGMON_REGISTRY_PORT, default ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(names = "--nodes", defaultValue = "${env:ECGMON_KAFKA_NODES:-1}",
      description = "Kafka nodes, 1 or 3 (env ECGMON_KAFKA_NODES, default ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--schemas-topic", defaultValue = "_schemas",
      description = "Compacted topic holding the registry's schemas (default ${DEFAULT-VALUE}).")
  String schemasTopic;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // The JVM only waits for shutdown hooks, so the hook waits until main has closed everything.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        stopped.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "local-stack-shutdown"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(nodes, nodes == 1 ? kafkaPort : 0);
        SchemaRegistryServer registry = SchemaRegistryServer.start(
            Map.of("bootstrap.servers", kafka.bootstrapServers()), "localhost", registryPort, schemasTopic)) {
      System.out.println("bootstrap.servers=" + kafka.bootstrapServers());
      System.out.println("schema.registry.url=" + registry.url());
      System.out.println("local stack up; Ctrl-C stops it");
      stop.await();
      log.info("stopping the local stack");
    } finally {
      stopped.countDown();
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LocalStack()).execute(args));
  }
}
