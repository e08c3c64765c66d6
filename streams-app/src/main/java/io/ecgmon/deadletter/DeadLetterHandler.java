package io.ecgmon.deadletter;

import io.ecgmon.avro.DeadLetter;
import io.ecgmon.monitor.MonitorMetrics;
import io.ecgmon.serde.AvroSerializer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' three error hooks, all answering "send a DeadLetter and keep running" (except when
 * the schema registry cannot answer: {@link RegistryUnavailableException}) through
 * KIP-1034's dead-letter records, which Streams produces in the same transaction as the task's
 * other output. Covers what the processors cannot see themselves: a record the patient-info table's
 * deserializer refuses, an exception escaping a processor (a bug: the record is kept, the app lives),
 * and a result the producer cannot write (too large, refused). Retriable production errors are retried.
 */
public class DeadLetterHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);
  /** Config key under which the application passes its {@link MonitorMetrics} object. */
  public static final String METRICS_CONFIG = "ecgmon.internal.metrics";

  private String topic;
  private String application;
  private AvroSerializer<DeadLetter> serializer;
  private MonitorMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    Object t = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
    topic = t == null ? "ecgmon-monitor-dead-letters" : t.toString();
    Object app = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
    application = app == null ? "ecgmon-monitor" : app.toString();
    serializer = new AvroSerializer<>();
    serializer.configure(configs, false);
    Object m = configs.get(METRICS_CONFIG);
    metrics = m instanceof MonitorMetrics mm ? mm : null;
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (registryUnavailable(context, exception)) {
      return DeserializationExceptionHandler.Response.fail();
    }
    List<ProducerRecord<byte[], byte[]>> dlq = deadLetter(record.key(), record.value(), record.topic(),
        record.partition(), record.offset(), Reason.DESERIALIZATION_ERROR, exception, context.timestamp());
    return dlq == null ? DeserializationExceptionHandler.Response.fail()
        : DeserializationExceptionHandler.Response.resume(dlq);
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record,
      Exception exception) {
    if (registryUnavailable(context, exception)) {
      return ProcessingExceptionHandler.Response.fail();
    }
    log.error("processing error in {} (task {}), record sent to {}: {}", context.processorNodeId(),
        context.taskId(), topic, exception.toString(), exception);
    List<ProducerRecord<byte[], byte[]>> dlq = deadLetter(context.sourceRawKey(), context.sourceRawValue(),
        context.topic(), context.partition(), context.offset(), Reason.PROCESSING_ERROR, exception,
        context.timestamp());
    return dlq == null ? ProcessingExceptionHandler.Response.fail() : ProcessingExceptionHandler.Response.resume(dlq);
  }

  @Override
  public ProductionExceptionHandler.Response handleError(ErrorHandlerContext context,
      ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      return ProductionExceptionHandler.Response.retry();
    }
    List<ProducerRecord<byte[], byte[]>> dlq = deadLetter(record.key(), record.value(),
        context.topic() == null ? record.topic() : context.topic(), context.partition(), context.offset(),
        Reason.PRODUCTION_ERROR, exception, context.timestamp());
    return dlq == null || topic.equals(record.topic()) ? ProductionExceptionHandler.Response.fail()
        : ProductionExceptionHandler.Response.resume(dlq);
  }

  @Override
  @SuppressWarnings("rawtypes")
  public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
      ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
    if (registryUnavailable(context, exception)) {
      return ProductionExceptionHandler.Response.fail();
    }
    List<ProducerRecord<byte[], byte[]>> dlq = deadLetter(context.sourceRawKey(), context.sourceRawValue(),
        context.topic() == null ? record.topic() : context.topic(), context.partition(), context.offset(),
        Reason.SERIALIZATION_ERROR, exception, context.timestamp());
    return dlq == null || topic.equals(record.topic()) ? ProductionExceptionHandler.Response.fail()
        : ProductionExceptionHandler.Response.resume(dlq);
  }

  /**
   * A registry that cannot answer is no reason to give up a record: fail, so the thread is replaced
   * and the record read again from the last commit (see {@link RegistryUnavailableException}).
   */
  private static boolean registryUnavailable(ErrorHandlerContext context, Exception exception) {
    if (!RegistryUnavailableException.isCause(exception)) {
      return false;
    }
    log.error("task {}: schema registry unavailable at {}-{}@{}; not a dead letter: the stream thread stops and "
        + "its replacement retries from the last commit: {}", context.taskId(), context.topic(), context.partition(),
        context.offset(), exception.getMessage());
    return true;
  }

  private List<ProducerRecord<byte[], byte[]>> deadLetter(byte[] key, byte[] value, String sourceTopic,
      int partition, long offset, Reason reason, Exception e, long timestamp) {
    try {
      DeadLetter letter = DeadLetters.of(key, value, sourceTopic, partition, offset, reason.name(),
          e.getClass().getName(), e.getMessage(), application, System.currentTimeMillis());
      byte[] bytes = serializer.serialize(topic, letter);
      if (metrics != null) {
        metrics.deadLetter(reason.name());
      }
      log.warn("{} from {}-{}@{} to {}: {}", reason, sourceTopic, partition, offset, topic, e.getMessage());
      return List.of(new ProducerRecord<>(topic, null, timestamp < 0 ? null : timestamp, key, bytes));
    } catch (RuntimeException failure) {
      log.error("cannot build the dead letter for {}-{}@{} ({}): {}", sourceTopic, partition, offset, reason,
          failure.toString());
      return null;
    }
  }
}
