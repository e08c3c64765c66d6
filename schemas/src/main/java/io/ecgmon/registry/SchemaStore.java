package io.ecgmon.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry's state and rules, with no I/O: subjects, versions, global ids, compatibility levels.
 * Ids are global and content-addressed as in Confluent's registry: the same schema gets the same id
 * under every subject.
 *
 * <p>Changes happen in two steps so that a durable log can sit between them: {@link #plan} decides
 * what a registration would create (or finds it exists), {@link #apply} records it. The in-memory
 * mock applies at once; the registry server first appends the plan to its Kafka topic. Callers
 * serialise plan+apply (the methods are synchronized individually).
 */
public final class SchemaStore {

  private final Map<Integer, String> schemaById = new HashMap<>();
  private final Map<String, Integer> idBySchema = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
  private int maxId = 0;

  public static Schema parse(String schema) {
    try {
      return new Schema.Parser().parse(schema);
    } catch (SchemaParseException | NullPointerException e) {
      throw new RegistryException(422, RegistryException.INVALID_SCHEMA,
          "Invalid schema: " + (e.getMessage() == null ? "empty" : e.getMessage()), e);
    }
  }

  /** The registration {@code schema} under {@code subject} leads to; existing when already there. */
  public synchronized Registration plan(String subject, Schema schema) {
    String text = schema.toString();
    List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
    for (RegisteredSchema v : versions) {
      if (v.schema().equals(text)) {
        return new Registration(v, false);
      }
    }
    List<Schema> previous = versions.stream().map(v -> parse(v.schema())).toList();
    if (!compatibilityOf(subject).allows(schema, previous)) {
      throw new RegistryException(409, RegistryException.INCOMPATIBLE_SCHEMA,
          "Schema being registered is incompatible with an earlier schema for subject \"" + subject
              + "\" (compatibility " + compatibilityOf(subject) + ")");
    }
    int id = idBySchema.getOrDefault(text, maxId + 1);
    int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
    return new Registration(new RegisteredSchema(subject, version, id, text), true);
  }

  /** Records a registration (idempotent: replaying a log twice changes nothing). */
  public synchronized void apply(RegisteredSchema r) {
    List<RegisteredSchema> versions = subjects.computeIfAbsent(r.subject(), s -> new ArrayList<>());
    if (versions.stream().noneMatch(v -> v.version() == r.version())) {
      versions.add(r);
      versions.sort((a, b) -> Integer.compare(a.version(), b.version()));
    }
    schemaById.put(r.id(), r.schema());
    idBySchema.putIfAbsent(r.schema(), r.id());
    maxId = Math.max(maxId, r.id());
  }

  public synchronized void applyCompatibility(String subjectOrNull, CompatibilityLevel level) {
    if (subjectOrNull == null) {
      globalLevel = level;
    } else {
      subjectLevels.put(subjectOrNull, level);
    }
  }

  public synchronized Schema getById(int id) {
    String s = schemaById.get(id);
    if (s == null) {
      throw RegistryException.schemaNotFound("id " + id);
    }
    return parse(s);
  }

  public synchronized Optional<String> schemaTextById(int id) {
    return Optional.ofNullable(schemaById.get(id));
  }

  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    String text = schema.toString();
    return versionsOf(subject).stream()
        .filter(v -> v.schema().equals(text))
        .findFirst()
        .orElseThrow(() -> RegistryException.schemaNotFound("under subject '" + subject + "'"));
  }

  public synchronized RegisteredSchema getLatest(String subject) {
    List<RegisteredSchema> versions = versionsOf(subject);
    return versions.get(versions.size() - 1);
  }

  public synchronized RegisteredSchema getVersion(String subject, int version) {
    return versionsOf(subject).stream()
        .filter(v -> v.version() == version)
        .findFirst()
        .orElseThrow(() -> RegistryException.versionNotFound(subject, Integer.toString(version)));
  }

  public synchronized List<String> subjects() {
    return List.copyOf(subjects.keySet());
  }

  public synchronized List<Integer> versions(String subject) {
    return versionsOf(subject).stream().map(RegisteredSchema::version).toList();
  }

  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<Schema> previous = subjects.getOrDefault(subject, List.of()).stream()
        .map(v -> parse(v.schema())).toList();
    return compatibilityOf(subject).allows(schema, previous);
  }

  /** The level set for the subject, or null when it has none of its own. */
  public synchronized CompatibilityLevel subjectCompatibility(String subject) {
    return subjectLevels.get(subject);
  }

  public synchronized CompatibilityLevel globalCompatibility() {
    return globalLevel;
  }

  public synchronized CompatibilityLevel compatibilityOf(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }

  private List<RegisteredSchema> versionsOf(String subject) {
    List<RegisteredSchema> versions = subjects.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw RegistryException.subjectNotFound(subject);
    }
    return versions;
  }

  /** What a registration leads to; {@code isNew} false when the schema was already registered. */
  public record Registration(RegisteredSchema schema, boolean isNew) {}
}
