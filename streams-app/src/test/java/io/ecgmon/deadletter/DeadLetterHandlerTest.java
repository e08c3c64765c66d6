package io.ecgmon.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.ecgmon.avro.DeadLetter;
import io.ecgmon.monitor.MonitorMetrics;
import io.ecgmon.registry.MockSchemaRegistry;
import io.ecgmon.serde.AvroDeserializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kafka Streams' error hooks answer with a DeadLetter record (KIP-1034) and keep the app running. */
class DeadLetterHandlerTest {

  final String scope = "dlq-" + UUID.randomUUID();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final DeadLetterHandler handler = new DeadLetterHandler();
  final AvroDeserializer<Object> reader = new AvroDeserializer<>();

  DeadLetterHandlerTest() {
    Map<String, Object> c = new HashMap<>();
    c.put("schema.registry.url", "mock://" + scope);
    c.put("specific.avro.reader", true);
    c.put("application.id", "app-x");
    c.put("errors.dead.letter.queue.topic.name", "dlq");
    c.put(DeadLetterHandler.METRICS_CONFIG, new MonitorMetrics(registry));
    handler.configure(c);
    reader.configure(c, false);
  }

  @AfterEach
  void drop() {
    MockSchemaRegistry.dropScope(scope);
  }

  ErrorHandlerContext context() {
    return new ErrorHandlerContext() {
      public String topic() {
        return "patient-info";
      }

      public int partition() {
        return 2;
      }

      public long offset() {
        return 41;
      }

      public Headers headers() {
        return new RecordHeaders();
      }

      public String processorNodeId() {
        return "monitor";
      }

      public TaskId taskId() {
        return new TaskId(0, 2);
      }

      public long timestamp() {
        return 1234;
      }

      public byte[] sourceRawKey() {
        return "k".getBytes();
      }

      public byte[] sourceRawValue() {
        return new byte[] {1, 2};
      }
    };
  }

  DeadLetter letter(List<ProducerRecord<byte[], byte[]>> records) {
    assertThat(records).singleElement().satisfies(r -> assertThat(r.topic()).isEqualTo("dlq"));
    return (DeadLetter) reader.deserialize("dlq", records.get(0).value());
  }

  @Test
  void deserializationErrorsResumeWithTheRecordInTheDeadLetterTopic() {
    ConsumerRecord<byte[], byte[]> rec = new ConsumerRecord<>("patient-info", 2, 41, "k".getBytes(), new byte[] {9});
    DeserializationExceptionHandler.Response r = handler.handleError(context(), rec,
        new org.apache.kafka.common.errors.SerializationException("bad"));
    assertThat(r.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    DeadLetter dl = letter(r.deadLetterQueueRecords());
    assertThat(dl.getReason()).isEqualTo("DESERIALIZATION_ERROR");
    assertThat(dl.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {9}));
    assertThat(dl.getSourceOffset()).isEqualTo(41);
    assertThat(dl.getApplication()).isEqualTo("app-x");
    assertThat(registry.get("ecgmon.dead.letters").tag("reason", "DESERIALIZATION_ERROR").counter().count())
        .isEqualTo(1);
  }

  @Test
  void processingErrorsResumeWithTheSourceBytes() {
    ProcessingExceptionHandler.Response r = handler.handleError(context(), new Record<>("k", "v", 1L),
        new IllegalStateException("bug"));
    assertThat(r.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    DeadLetter dl = letter(r.deadLetterQueueRecords());
    assertThat(dl.getReason()).isEqualTo("PROCESSING_ERROR");
    assertThat(dl.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2}));
    assertThat(dl.getErrorClass()).isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void productionErrorsResumeWithTheRefusedRecordAndRetriableOnesRetry() {
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("classifications", "k".getBytes(), new byte[] {5});
    ProductionExceptionHandler.Response r = handler.handleError(context(), out, new RecordTooLargeException("big"));
    assertThat(r.result()).isEqualTo(ProductionExceptionHandler.Result.RESUME);
    DeadLetter dl = letter(r.deadLetterQueueRecords());
    assertThat(dl.getReason()).isEqualTo("PRODUCTION_ERROR");
    assertThat(dl.getValue()).isEqualTo(ByteBuffer.wrap(new byte[] {5}));
    assertThat(handler.handleError(context(), out, new TimeoutException("slow")).result())
        .isEqualTo(ProductionExceptionHandler.Result.RETRY);
    // a dead letter that cannot be written itself must stop the app rather than loop
    ProducerRecord<byte[], byte[]> toDlq = new ProducerRecord<>("dlq", "k".getBytes(), new byte[] {5});
    assertThat(handler.handleError(context(), toDlq, new RecordTooLargeException("big")).result())
        .isEqualTo(ProductionExceptionHandler.Result.FAIL);
  }

  @Test
  void aRegistryThatCannotAnswerFailsTheThreadInsteadOfDeadLetteringTheRecord() {
    Exception down = new org.apache.kafka.common.errors.SerializationException("registry down",
        new io.ecgmon.registry.RegistryException(503, io.ecgmon.registry.RegistryException.STORE_ERROR, "unreachable"));
    ConsumerRecord<byte[], byte[]> rec = new ConsumerRecord<>("patient-info", 2, 41, "k".getBytes(), new byte[] {9});
    assertThat(handler.handleError(context(), rec, down).result())
        .isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    assertThat(handler.handleError(context(), new Record<>("k", "v", 1L), down).result())
        .isEqualTo(ProcessingExceptionHandler.Result.FAIL);
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>("classifications", "k".getBytes(), new byte[] {5});
    assertThat(handler.handleSerializationError(context(), out, down,
        ProductionExceptionHandler.SerializationExceptionOrigin.VALUE).result())
        .isEqualTo(ProductionExceptionHandler.Result.FAIL);
    assertThat(registry.find("ecgmon.dead.letters").counters()).isEmpty();
    // an unknown schema id is the record's fault: a dead letter as before
    Exception unknown = new org.apache.kafka.common.errors.SerializationException("no such id",
        io.ecgmon.registry.RegistryException.schemaNotFound("id 99"));
    assertThat(handler.handleError(context(), rec, unknown).result())
        .isEqualTo(DeserializationExceptionHandler.Result.RESUME);
  }
}
