package io.ecgmon.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Client configuration by standard Kafka property names (plus Confluent's serde keys), from four layers,
 * later ones winning: built-in defaults, a properties file, environment variables, command-line
 * {@code --property key=value} pairs.
 *
 * <p>Environment variables map to property names the way Confluent's Docker images do, with our own
 * prefix: {@code ECGMON_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers},
 * {@code ECGMON_SCHEMA_REGISTRY_URL} sets {@code schema.registry.url} (drop the prefix, lower-case,
 * {@code _} becomes {@code .}; {@code __} stands for a literal {@code _}, {@code ___} for {@code -}).
 * Only variables whose name starts with the prefix count, so unrelated environment never leaks in.
 */
public final class ClientConfig {

  public static final String ENV_PREFIX = "ECGMON_";

  private ClientConfig() {}

  /**
   * The merged configuration. {@code file} may be null; {@code env} is usually {@code System.getenv()};
   * {@code overrides} are the command line's {@code --property} pairs.
   */
  public static Properties load(Map<String, String> defaults, Path file, Map<String, String> env,
      Map<String, String> overrides) {
    Properties p = new Properties();
    p.putAll(defaults);
    if (file != null) {
      try (Reader r = Files.newBufferedReader(file)) {
        Properties fromFile = new Properties();
        fromFile.load(r);
        p.putAll(fromFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + file + ": " + e.getMessage(), e);
      }
    }
    p.putAll(fromEnvironment(env));
    p.putAll(overrides);
    return p;
  }

  /** The properties the environment sets, by the {@link #ENV_PREFIX} convention. */
  public static Properties fromEnvironment(Map<String, String> env) {
    Properties p = new Properties();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        p.put(propertyName(name.substring(ENV_PREFIX.length())), value);
      }
    });
    return p;
  }

  /** {@code SCHEMA_REGISTRY_URL} -> {@code schema.registry.url}; {@code __} -> {@code _}; {@code ___} -> {@code -}. */
  static String propertyName(String envSuffix) {
    return envSuffix.toLowerCase(Locale.ROOT)
        .replace("___", "\u0001").replace("__", "\u0002").replace('_', '.')
        .replace('\u0001', '-').replace('\u0002', '_');
  }

  /** The environment variable that sets a property: {@code bootstrap.servers} -> {@code ECGMON_BOOTSTRAP_SERVERS}. */
  public static String environmentName(String property) {
    return ENV_PREFIX + property.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
  }

  /** The properties as a map, for client constructors. */
  public static Map<String, Object> toMap(Properties p) {
    Map<String, Object> m = new java.util.HashMap<>();
    p.forEach((k, v) -> m.put(k.toString(), v));
    return m;
  }
}
