package io.ecgmon.serde;

import io.ecgmon.registry.RegistryException;
import io.ecgmon.registry.SchemaRegistryClient;
import io.ecgmon.registry.SchemaRegistryClients;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.AvroTypeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Confluent's wire format. Returns generated classes when {@code
 * specific.avro.reader=true} (the writer's schema resolved against the generated class's schema),
 * {@code GenericRecord}s otherwise. Every failure is a {@link SerializationException} naming the
 * topic and the reason; the consumer adds partition and offset (RecordDeserializationException),
 * Kafka Streams hands both to its deserialization exception handler.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

  private SchemaRegistryClient registry;
  private AvroSerdeConfig config;
  private final Map<Integer, Schema> writerSchemas = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<?>> readers = new ConcurrentHashMap<>();

  public AvroDeserializer() {}

  public AvroDeserializer(SchemaRegistryClient registry, Map<String, ?> configs) {
    this.registry = registry;
    this.config = AvroSerdeConfig.from(configs);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.config = AvroSerdeConfig.from(configs);
    if (registry == null) {
      registry = SchemaRegistryClients.forUrl(config.registryUrl(), config.basicAuthCredentialsSource(),
          config.basicAuthUserInfo());
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < WireFormat.HEADER_SIZE) {
      throw new SerializationException("topic " + topic + ": truncated payload: " + data.length
          + " bytes, the Confluent wire format needs at least 5 (magic byte + schema id)");
    }
    ByteBuffer buffer = ByteBuffer.wrap(data);
    byte magic = buffer.get();
    if (magic != WireFormat.MAGIC_BYTE) {
      throw new SerializationException(String.format(
          "topic %s: unknown magic byte 0x%02x (not the Confluent wire format)", topic, magic));
    }
    int id = buffer.getInt();
    DatumReader<?> reader = readerFor(topic, id);
    try {
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
          data.length - WireFormat.HEADER_SIZE, null);
      Object value = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new SerializationException("topic " + topic + ": " + remaining(decoder)
            + " trailing bytes after the record of schema id " + id);
      }
      return (T) value;
    } catch (EOFException e) {
      throw new SerializationException("topic " + topic + ": truncated payload: the Avro body of schema id " + id
          + " ends early", e);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new SerializationException("topic " + topic + ": malformed Avro body for schema id " + id + ": "
          + e.getMessage(), e);
    }
  }

  private static int remaining(BinaryDecoder decoder) {
    try {
      return decoder.inputStream().available();
    } catch (IOException e) {
      return -1;
    }
  }

  private DatumReader<?> readerFor(String topic, int id) {
    DatumReader<?> cached = readers.get(id);
    if (cached != null) {
      return cached;
    }
    Schema writer;
    try {
      writer = writerSchemas.computeIfAbsent(id, registry::getById);
    } catch (RegistryException e) {
      String reason = e.errorCode() == RegistryException.SCHEMA_NOT_FOUND
          ? "unknown schema id " + id
          : "schema registry error for schema id " + id + " (" + e.errorCode() + "): " + e.getMessage();
      throw new SerializationException("topic " + topic + ": " + reason, e);
    }
    DatumReader<?> reader;
    if (config.specificAvroReader()) {
      Class<?> type = SpecificData.get().getClass(writer);
      if (type == null) {
        throw new SerializationException("topic " + topic + ": no generated class for " + writer.getFullName()
            + " (schema id " + id + ") on the classpath, and specific.avro.reader=true");
      }
      Schema readerSchema = SpecificData.get().getSchema(type);
      if (!io.ecgmon.registry.CompatibilityLevel.canRead(readerSchema, writer)) {
        throw new SerializationException("topic " + topic + ": schema id " + id + " is incompatible with the "
            + "reader schema " + readerSchema.getFullName() + " of this build");
      }
      reader = new SpecificDatumReader<>(writer, readerSchema);
    } else {
      reader = new GenericDatumReader<>(writer);
    }
    readers.put(id, reader);
    return reader;
  }
}
