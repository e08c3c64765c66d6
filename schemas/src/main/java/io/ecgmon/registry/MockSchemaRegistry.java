package io.ecgmon.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * In-memory registries named by scope, for {@code mock://scope} URLs as Confluent's serde offers:
 * every serializer and deserializer configured with the same scope in one JVM shares ids.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

  public static final String URL_PREFIX = "mock://";
  private static final Map<String, SchemaStore> SCOPES = new ConcurrentHashMap<>();

  private final SchemaStore store;

  private MockSchemaRegistry(SchemaStore store) {
    this.store = store;
  }

  public static MockSchemaRegistry forScope(String scope) {
    return new MockSchemaRegistry(SCOPES.computeIfAbsent(scope, s -> new SchemaStore()));
  }

  /** Forgets a scope (tests call this to start clean). */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public int register(String subject, Schema schema) {
    synchronized (store) {
      SchemaStore.Registration r = store.plan(subject, schema);
      if (r.isNew()) {
        store.apply(r.schema());
      }
      return r.schema().id();
    }
  }

  @Override
  public Schema getById(int id) {
    return store.getById(id);
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    return store.lookup(subject, schema);
  }

  @Override
  public RegisteredSchema getLatest(String subject) {
    return store.getLatest(subject);
  }

  @Override
  public RegisteredSchema getVersion(String subject, int version) {
    return store.getVersion(subject, version);
  }

  @Override
  public List<String> subjects() {
    return store.subjects();
  }

  @Override
  public List<Integer> versions(String subject) {
    return store.versions(subject);
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return store.isCompatible(subject, schema);
  }

  @Override
  public CompatibilityLevel getCompatibility(String subjectOrNullForGlobal) {
    return subjectOrNullForGlobal == null
        ? store.globalCompatibility()
        : store.compatibilityOf(subjectOrNullForGlobal);
  }

  @Override
  public void setCompatibility(String subjectOrNullForGlobal, CompatibilityLevel level) {
    store.applyCompatibility(subjectOrNullForGlobal, level);
  }
}
