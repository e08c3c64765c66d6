package io.ecgmon.serde;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** The Confluent serde configuration keys ecgmon honours, with Confluent's defaults. */
public record AvroSerdeConfig(
    String registryUrl,
    boolean autoRegisterSchemas,
    boolean useLatestVersion,
    boolean specificAvroReader,
    String basicAuthCredentialsSource,
    String basicAuthUserInfo) {

  public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
  public static final String USE_LATEST_VERSION = "use.latest.version";
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

  public static AvroSerdeConfig from(Map<String, ?> configs) {
    Object url = configs.get(SCHEMA_REGISTRY_URL);
    if (url == null || url.toString().isBlank()) {
      throw new ConfigException(SCHEMA_REGISTRY_URL, url, "is required (e.g. http://localhost:8081 or mock://tests)");
    }
    return new AvroSerdeConfig(
        url.toString(),
        bool(configs, AUTO_REGISTER_SCHEMAS, true),
        bool(configs, USE_LATEST_VERSION, false),
        bool(configs, SPECIFIC_AVRO_READER, false),
        string(configs, BASIC_AUTH_CREDENTIALS_SOURCE, "URL"),
        string(configs, BASIC_AUTH_USER_INFO, null));
  }

  private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
    Object v = configs.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    if (!s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
      throw new ConfigException(key, v, "must be true or false");
    }
    return Boolean.parseBoolean(s);
  }

  private static String string(Map<String, ?> configs, String key, String fallback) {
    Object v = configs.get(key);
    return v == null ? fallback : v.toString();
  }
}
