package io.ecgmon.replay;

import io.ecgmon.config.ClientConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka connection options of every ecgmon command (a picocli mixin), resolved through
 * {@link ClientConfig}: defaults &lt; {@code --config FILE} &lt; {@code ECGMON_*} environment &lt;
 * {@code --bootstrap-servers}/{@code --schema-registry-url} &lt; {@code --property key=value}.
 */
public final class KafkaOptions {

  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://127.0.0.1:8081";

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers (default " + DEFAULT_BOOTSTRAP_SERVERS + ", env ECGMON_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(names = {"-r", "--schema-registry-url"}, paramLabel = "URL",
      description = "Schema registry URL (default " + DEFAULT_SCHEMA_REGISTRY_URL + ", env ECGMON_SCHEMA_REGISTRY_URL).")
  String schemaRegistryUrl;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Kafka client properties file (security settings, timeouts, ...).")
  Path configFile;

  @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "A Kafka producer or serde property; repeatable; wins over everything else.")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The merged configuration. */
  public Properties resolve(Map<String, String> env) {
    Map<String, String> base = new LinkedHashMap<>();
    base.put("bootstrap.servers", DEFAULT_BOOTSTRAP_SERVERS);
    base.put("schema.registry.url", DEFAULT_SCHEMA_REGISTRY_URL);
    Map<String, String> overrides = new LinkedHashMap<>();
    if (bootstrapServers != null) {
      overrides.put("bootstrap.servers", bootstrapServers);
    }
    if (schemaRegistryUrl != null) {
      overrides.put("schema.registry.url", schemaRegistryUrl);
    }
    overrides.putAll(properties);
    return ClientConfig.load(base, configFile, env, overrides);
  }
}
