package io.ecgmon.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API v1 that ecgmon uses. Implementations: {@link
 * HttpSchemaRegistryClient} (a real registry, Confluent's or ecgmon's local one) and {@link
 * MockSchemaRegistry} ({@code mock://scope} URLs for tests). Failures are {@link RegistryException}s.
 */
public interface SchemaRegistryClient {

  /** Registers (or finds) {@code schema} under {@code subject}; returns its global id. */
  int register(String subject, Schema schema);

  Schema getById(int id);

  /** The version of {@code subject} holding exactly {@code schema}. */
  RegisteredSchema lookup(String subject, Schema schema);

  RegisteredSchema getLatest(String subject);

  RegisteredSchema getVersion(String subject, int version);

  List<String> subjects();

  List<Integer> versions(String subject);

  /** Whether {@code schema} may be registered next under {@code subject} at its compatibility level. */
  boolean isCompatible(String subject, Schema schema);

  CompatibilityLevel getCompatibility(String subjectOrNullForGlobal);

  void setCompatibility(String subjectOrNullForGlobal, CompatibilityLevel level);
}
