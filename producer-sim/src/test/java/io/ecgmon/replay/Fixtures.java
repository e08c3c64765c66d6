package io.ecgmon.replay;

import io.ecgmon.avro.EcgSegment;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerializer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serializer;

/** Test doubles: hand-made recordings and patients, a sink that records, serdes on an in-memory registry. */
final class Fixtures {

  private Fixtures() {}

  /** A recording of {@code n} samples on {@code leads} leads: sample i of lead l = base + 10 l + i. */
  static FeedRecord record(String name, int rate, int leads, int n, int base, List<String> labels) {
    short[][] c = new short[leads][n];
    for (int l = 0; l < leads; l++) {
      for (int i = 0; i < n; i++) {
        c[l][i] = (short) (base + 10 * l + i);
      }
    }
    float[] gain = new float[leads];
    Arrays.fill(gain, 1000f);
    List<String> names = new ArrayList<>();
    for (int l = 0; l < leads; l++) {
      names.add("L" + l);
    }
    return new FeedRecord(name, rate, names, gain, new int[leads], c, labels, FeedRecord.Demographics.UNKNOWN);
  }

  /** A patient playing the given recordings once. */
  static PatientSource patient(String id, FeedRecord... records) {
    List<FeedRecord> list = List.of(records);
    return new PatientSource() {
      int next;

      @Override
      public String patientId() {
        return id;
      }

      @Override
      public FeedRecord nextRecord() {
        return next < list.size() ? list.get(next++) : null;
      }
    };
  }

  /** A patient playing one recording of {@code seconds} over and over (2 leads, no sample equal to 0). */
  static PatientSource looping(String id, int rate, int seconds) {
    FeedRecord r = record(id + "/r", rate, 2, rate * seconds, 1000, List.of("NORM"));
    return new PatientSource() {
      @Override
      public String patientId() {
        return id;
      }

      @Override
      public FeedRecord nextRecord() {
        return r;
      }
    };
  }

  record Sent(String topic, String key, byte[] value, long atNanos) {}

  /** Records every send with the clock's time. */
  static final class RecordingSink implements SegmentSink {
    final List<Sent> sent = new ArrayList<>();
    final Clock clock;
    Exception failWith;
    boolean flushed;
    boolean closed;

    RecordingSink(Clock clock) {
      this.clock = clock;
    }

    @Override
    public synchronized void send(String topic, String key, byte[] value, Consumer<Exception> done) {
      sent.add(new Sent(topic, key, value, clock.nanos()));
      done.accept(failWith);
    }

    @Override
    public void flush() {
      flushed = true;
    }

    @Override
    public void close() {
      closed = true;
    }

    synchronized List<Sent> on(String topic) {
      return sent.stream().filter(s -> s.topic().equals(topic)).toList();
    }
  }

  static Map<String, Object> registry() {
    return Map.of("schema.registry.url", "mock://" + UUID.randomUUID(), "specific.avro.reader", true);
  }

  @SuppressWarnings("unchecked")
  static SegmentEncoder encoder(Map<String, Object> registry) {
    AvroSerializer<Object> s = new AvroSerializer<>();
    s.configure(registry, false);
    return new SegmentEncoder((Serializer<Object>) (Serializer<?>) s);
  }

  static AvroDeserializer<Object> deserializer(Map<String, Object> registry) {
    AvroDeserializer<Object> d = new AvroDeserializer<>();
    d.configure(registry, false);
    return d;
  }

  static EcgSegment segment(AvroDeserializer<Object> d, Sent s) {
    return (EcgSegment) d.deserialize(s.topic(), s.value());
  }
}
