package io.ecgmon.serde;

import io.ecgmon.registry.RegisteredSchema;
import io.ecgmon.registry.RegistryException;
import io.ecgmon.registry.SchemaRegistryClient;
import io.ecgmon.registry.SchemaRegistryClients;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro records (specific or generic) in Confluent's wire format, with the
 * schema registered under Confluent's TopicNameStrategy subject ({@code <topic>-value} or
 * {@code <topic>-key}). Byte-compatible with {@code io.confluent.kafka.serializers.KafkaAvroSerializer}.
 */
public class AvroSerializer<T> implements Serializer<T> {

  private SchemaRegistryClient registry;
  private AvroSerdeConfig config;
  private boolean isKey;
  /** (subject, schema) -> id, so the registry is asked once per schema and subject. */
  private final Map<Map.Entry<String, Schema>, Integer> ids = new ConcurrentHashMap<>();
  private final Map<String, RegisteredSchema> latest = new ConcurrentHashMap<>();

  public AvroSerializer() {}

  /** For tests and programmatic use: an already built registry client. */
  public AvroSerializer(SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
    this.registry = registry;
    this.config = AvroSerdeConfig.from(configs);
    this.isKey = isKey;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.from(configs);
    this.isKey = isKey;
    if (registry == null) {
      registry = SchemaRegistryClients.forUrl(config.registryUrl(), config.basicAuthCredentialsSource(),
          config.basicAuthUserInfo());
    }
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null;
    }
    if (!(data instanceof GenericContainer container)) {
      throw new SerializationException("topic " + topic + ": cannot serialize " + data.getClass().getName()
          + " as Avro (expected a generated or generic Avro record)");
    }
    String subject = WireFormat.subject(topic, isKey);
    Schema schema = container.getSchema();
    int id;
    try {
      if (config.useLatestVersion()) {
        RegisteredSchema l = latest.computeIfAbsent(subject, registry::getLatest);
        schema = new Schema.Parser().parse(l.schema());
        id = l.id();
      } else {
        Schema s = schema;
        id = ids.computeIfAbsent(Map.entry(subject, schema),
            k -> config.autoRegisterSchemas() ? registry.register(subject, s) : registry.lookup(subject, s).id());
      }
    } catch (RegistryException e) {
      throw new SerializationException("topic " + topic + ": schema registry refused subject " + subject + " ("
          + e.errorCode() + "): " + e.getMessage(), e);
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      out.write(WireFormat.MAGIC_BYTE);
      out.write(ByteBuffer.allocate(4).putInt(id).array());
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      writerFor(data, schema).write(data, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("topic " + topic + ": cannot encode record with schema id " + id + ": "
          + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private DatumWriter<T> writerFor(T data, Schema schema) {
    return data instanceof SpecificRecord
        ? new SpecificDatumWriter<>(schema)
        : (DatumWriter<T>) new GenericDatumWriter<>(schema);
  }
}
