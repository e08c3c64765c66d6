package io.ecgmon.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The Kafka connection options every ecgmon command shares, as one picocli mixin
 * ({@code @Mixin KafkaClientOptions kafka;}). They resolve through {@link ClientConfig}, later layers
 * winning: built-in defaults &lt; {@code --config FILE} &lt; {@code ECGMON_*} environment &lt;
 * {@code -b/--bootstrap-servers}, {@code -r/--schema-registry-url} &lt; {@code -p/--property key=value}.
 */
public final class KafkaClientOptions {

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
      description = "A Kafka client, serde or command property; repeatable; wins over everything else.")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The built-in bottom layer: where the local stack ({@code ecgmon stack}, {@code ecgmon demo}) listens. */
  public static Map<String, String> defaults() {
    Map<String, String> base = new LinkedHashMap<>();
    base.put("bootstrap.servers", DEFAULT_BOOTSTRAP_SERVERS);
    base.put("schema.registry.url", DEFAULT_SCHEMA_REGISTRY_URL);
    return base;
  }

  /** The merged configuration over {@code commandDefaults} (command-specific keys), with the process environment. */
  public Properties resolve(Map<String, String> commandDefaults) {
    return resolve(commandDefaults, System.getenv());
  }

  /** The merged configuration: {@link #defaults()} and {@code commandDefaults} &lt; file &lt; {@code env} &lt; options. */
  public Properties resolve(Map<String, String> commandDefaults, Map<String, String> env) {
    Map<String, String> base = defaults();
    base.putAll(commandDefaults);
    return ClientConfig.load(base, configFile, env, overrides());
  }

  /** The command line's layer: {@code -b} and {@code -r}, then every {@code -p} pair (which win). */
  public Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    if (bootstrapServers != null) {
      o.put("bootstrap.servers", bootstrapServers);
    }
    if (schemaRegistryUrl != null) {
      o.put("schema.registry.url", schemaRegistryUrl);
    }
    o.putAll(properties);
    return o;
  }

  /** The {@code --config} file, or null. */
  public Path configFile() {
    return configFile;
  }

  /**
   * Only the Kafka client keys of {@code all}, for admin clients and plain consumers: drops the serde's
   * registry keys, which Kafka's clients warn about as unknown.
   */
  public static Map<String, Object> kafkaOnly(Properties all) {
    Map<String, Object> m = ClientConfig.toMap(all);
    m.keySet().removeIf(k -> k.startsWith("schema.registry.") || k.startsWith("basic.auth.")
        || k.equals("auto.register.schemas") || k.equals("use.latest.version") || k.equals("specific.avro.reader"));
    return m;
  }
}
