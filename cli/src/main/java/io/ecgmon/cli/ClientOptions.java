package io.ecgmon.cli;

import io.ecgmon.config.ClientConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka connection options every ecgmon command shares (a picocli mixin). They resolve through
 * {@link ClientConfig}: built-in defaults &lt; {@code --config FILE} &lt; {@code ECGMON_*} environment
 * &lt; {@code --bootstrap-servers}/{@code --schema-registry-url} &lt; {@code --property key=value}.
 */
public final class ClientOptions {

  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://127.0.0.1:8081";

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers (default " + DEFAULT_BOOTSTRAP_SERVERS
          + ", env ECGMON_BOOTSTRAP_SERVERS).")
  String bootstrapServers;

  @Option(names = {"-r", "--schema-registry-url"}, paramLabel = "URL",
      description = "Schema registry URL (default " + DEFAULT_SCHEMA_REGISTRY_URL
          + ", env ECGMON_SCHEMA_REGISTRY_URL).")
  String schemaRegistryUrl;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Kafka client properties file (security settings, timeouts, ...).")
  Path configFile;

  @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "A Kafka client or serde property; repeatable; wins over everything else.")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The merged client configuration over {@code defaults} (which may add command-specific keys). */
  public Properties resolve(Map<String, String> defaults) {
    return resolve(defaults, System.getenv());
  }

  Properties resolve(Map<String, String> defaults, Map<String, String> env) {
    Map<String, String> base = new LinkedHashMap<>();
    base.put("bootstrap.servers", DEFAULT_BOOTSTRAP_SERVERS);
    base.put("schema.registry.url", DEFAULT_SCHEMA_REGISTRY_URL);
    base.putAll(defaults);
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

  /** Only the Kafka client keys of {@code all}: drops the serde's registry keys, which clients warn about. */
  public static Map<String, Object> kafkaOnly(Properties all) {
    Map<String, Object> m = ClientConfig.toMap(all);
    m.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.startsWith("basic.auth.")
        || k.equals("auto.register.schemas") || k.equals("use.latest.version") || k.equals("specific.avro.reader"));
    return m;
  }
}
