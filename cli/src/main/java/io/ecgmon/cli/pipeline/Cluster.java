package io.ecgmon.cli.pipeline;

import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.config.KafkaClientOptions;
import io.ecgmon.config.ClientConfig;
import io.ecgmon.registry.server.SchemaRegistryServer;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;

/**
 * Where a pipeline run happens: an in-process KRaft broker with a schema registry server of its own
 * (the default of evaluate and bench: nothing to set up, nothing shared), or a given cluster and
 * registry (the client settings of the command line).
 */
public final class Cluster implements AutoCloseable {

  private final EmbeddedKafka kafka;
  private final SchemaRegistryServer registry;
  private final Properties client;

  private Cluster(EmbeddedKafka kafka, SchemaRegistryServer registry, Properties client) {
    this.kafka = kafka;
    this.registry = registry;
    this.client = client;
  }

  /** A single-node in-process broker (on any free port) and a registry server (HTTP, any free port). */
  public static Cluster inProcess() throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(1);
    try {
      SchemaRegistryServer registry = SchemaRegistryServer.start(
          Map.of("bootstrap.servers", kafka.bootstrapServers()), "127.0.0.1", 0, SchemaRegistryServer.DEFAULT_TOPIC);
      Properties p = new Properties();
      p.put("bootstrap.servers", kafka.bootstrapServers());
      p.put("schema.registry.url", registry.url());
      return new Cluster(kafka, registry, p);
    } catch (Exception e) {
      kafka.close();
      throw e;
    }
  }

  /** A cluster and registry already running, as the command's client settings say. */
  public static Cluster given(Properties client) {
    return new Cluster(null, null, client);
  }

  public boolean isInProcess() {
    return kafka != null;
  }

  public String bootstrapServers() {
    return client.getProperty("bootstrap.servers");
  }

  public String schemaRegistryUrl() {
    return client.getProperty("schema.registry.url");
  }

  /** Client settings (Kafka and serde keys) for producers, consumers, Streams. */
  public Properties client() {
    Properties p = new Properties();
    p.putAll(client);
    return p;
  }

  public Map<String, Object> clientMap() {
    return ClientConfig.toMap(client());
  }

  public Admin admin() {
    Map<String, Object> a = new HashMap<>(KafkaClientOptions.kafkaOnly(client()));
    return Admin.create(a);
  }

  @Override
  public void close() throws Exception {
    if (registry != null) {
      registry.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }
}
