package io.ecgmon.broker;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;

/**
 * The broker and client settings of a SASL_SSL cluster with ACLs, as Kafka names them.
 *
 * <p>Listeners: clients use {@code EXTERNAL} (and {@code PROXIED}), which offer SCRAM-SHA-512 only.
 * Brokers talk to each other on {@code INTERNAL} and to the controllers on {@code CONTROLLER}, both
 * with SASL PLAIN as the super user: KRaft cannot use SCRAM towards the controllers, and SCRAM
 * credentials live in the metadata log, so the cluster must be up before they exist (a production
 * cluster may instead bootstrap them with {@code kafka-storage format --add-scram}). Every listener is
 * TLS. Authorization is KRaft's {@link StandardAuthorizer}, denying whatever no ACL allows.
 */
final class SaslSsl {

  static final String SUPER_USER = "admin";
  static final String CLIENT_MECHANISM = "SCRAM-SHA-512";
  static final String INTERNAL_MECHANISM = "PLAIN";

  private final TlsMaterial tls;
  private final String superUserPassword;

  SaslSsl(TlsMaterial tls) {
    this.tls = tls;
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    this.superUserPassword = HexFormat.of().formatHex(secret);
  }

  TlsMaterial tls() {
    return tls;
  }

  /** Broker/controller properties shared by every node; listeners are set per node by the caller. */
  Map<String, Object> brokerConfig(List<String> clientListeners) {
    Map<String, Object> c = new HashMap<>();
    String plain = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + SUPER_USER
        + "\" password=\"" + superUserPassword + "\" user_" + SUPER_USER + "=\"" + superUserPassword + "\";";
    String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    c.put("sasl.enabled.mechanisms", CLIENT_MECHANISM);
    for (String listener : clientListeners) {
      String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
      c.put(prefix + "sasl.enabled.mechanisms", CLIENT_MECHANISM);
      c.put(prefix + CLIENT_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", scram);
    }
    for (String listener : List.of(EmbeddedKafka.INTERNAL_LISTENER, EmbeddedKafka.CONTROLLER_LISTENER)) {
      String prefix = "listener.name." + listener.toLowerCase(Locale.ROOT) + ".";
      c.put(prefix + "sasl.enabled.mechanisms", INTERNAL_MECHANISM);
      c.put(prefix + INTERNAL_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config", plain);
    }
    c.put("inter.broker.listener.name", EmbeddedKafka.INTERNAL_LISTENER);
    c.put("sasl.mechanism.inter.broker.protocol", INTERNAL_MECHANISM);
    c.put("sasl.mechanism.controller.protocol", INTERNAL_MECHANISM);
    c.put("ssl.keystore.type", TlsMaterial.STORE_TYPE);
    c.put("ssl.keystore.location", tls.keystore().toString());
    c.put("ssl.keystore.password", tls.password());
    c.put("ssl.key.password", tls.password());
    c.putAll(trustStore());
    c.put("authorizer.class.name", StandardAuthorizer.class.getName());
    c.put(StandardAuthorizer.ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG, "false");
    c.put(StandardAuthorizer.SUPER_USERS_CONFIG, "User:" + SUPER_USER);
    return c;
  }

  /** What a client on a client listener needs besides bootstrap.servers. */
  Map<String, Object> clientConfig(String user, String password) {
    Map<String, Object> c = new HashMap<>(trustStore());
    c.put("security.protocol", "SASL_SSL");
    c.put("sasl.mechanism", CLIENT_MECHANISM);
    c.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + jaasEscape(user) + "\" password=\"" + jaasEscape(password) + "\";");
    return c;
  }

  /** The super user on the INTERNAL listener (PLAIN), for administration. */
  Map<String, Object> superUserConfig() {
    Map<String, Object> c = new HashMap<>(trustStore());
    c.put("security.protocol", "SASL_SSL");
    c.put("sasl.mechanism", INTERNAL_MECHANISM);
    c.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + SUPER_USER + "\" password=\"" + superUserPassword + "\";");
    return c;
  }

  private Map<String, Object> trustStore() {
    return Map.of(
        "ssl.truststore.type", TlsMaterial.STORE_TYPE,
        "ssl.truststore.location", tls.truststore().toString(),
        "ssl.truststore.password", tls.password());
  }

  static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
