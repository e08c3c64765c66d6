package io.ecgmon.serde;

import io.ecgmon.registry.SchemaRegistryClient;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** Serializer + deserializer pair for Kafka Streams. */
public final class AvroSerde<T> extends Serdes.WrapperSerde<T> {

  public AvroSerde() {
    super(new AvroSerializer<>(), new AvroDeserializer<>());
  }

  /** A configured specific-record serde. */
  public static <T> Serde<T> specific(Map<String, ?> configs, boolean isKey) {
    Map<String, Object> c = new HashMap<>(configs);
    c.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    AvroSerde<T> serde = new AvroSerde<>();
    serde.configure(c, isKey);
    return serde;
  }

  /** A specific-record serde over a given registry client (tests, shared clients). */
  public static <T> Serde<T> specific(SchemaRegistryClient registry, Map<String, ?> configs, boolean isKey) {
    Map<String, Object> c = new HashMap<>(configs);
    c.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
    return Serdes.serdeFrom(new AvroSerializer<>(registry, c, isKey), new AvroDeserializer<>(registry, c));
  }
}
