package io.ecgmon.monitor;

import io.ecgmon.avro.PatientInfo;
import io.ecgmon.deadletter.DeadLetters;
import io.ecgmon.deadletter.Reason;
import io.ecgmon.deadletter.RegistryUnavailableException;
import io.ecgmon.patient.PatientMeta;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The patient-info table: the latest PatientInfo per patient in a changelogged store the window
 * processor reads (same task, so the topic must have as many partitions as the segments topic). A
 * tombstone deletes; a record that cannot be read goes to the dead-letter topic.
 */
final class PatientInfoProcessor implements Processor<byte[], byte[], Object, Object> {

  private final MonitorTopology.Settings settings;
  private final MonitorMetrics metrics;
  private final Deserializer<Object> avro;
  private ProcessorContext<Object, Object> context;
  private KeyValueStore<String, byte[]> store;

  PatientInfoProcessor(MonitorTopology.Settings settings, MonitorMetrics metrics, Deserializer<Object> avro) {
    this.settings = settings;
    this.metrics = metrics;
    this.avro = avro;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.store = context.getStateStore(MonitorTopology.PATIENT_INFO_STORE);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.key() == null || record.key().length == 0) {
      reject(record, Reason.MISSING_KEY, "patient-info record has no key");
      return;
    }
    String patient = new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      store.delete(patient);
      return;
    }
    Object value;
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse(settings.patientInfoTopic());
    try {
      // a registry that cannot answer is waited for, never the record's fault
      value = RegistryUnavailableException.retrying("patient info", () -> avro.deserialize(topic, record.value()));
    } catch (RegistryUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      reject(record, Reason.DESERIALIZATION_ERROR, e.getMessage());
      return;
    }
    if (!(value instanceof PatientInfo info)) {
      reject(record, Reason.WRONG_RECORD_TYPE, "record is not a PatientInfo");
      return;
    }
    if (!patient.equals(info.getPatientId())) {
      reject(record, Reason.KEY_MISMATCH, "key is not the record's patientId");
      return;
    }
    store.put(patient, PatientMeta.of(info).toBytes());
  }

  private void reject(Record<byte[], byte[]> record, Reason reason, String message) {
    RecordMetadata m = context.recordMetadata().orElse(null);
    metrics.deadLetter(reason.name());
    context.forward(new Record<>(record.key(), DeadLetters.of(record.key(), record.value(),
        m == null ? settings.patientInfoTopic() : m.topic(), m == null ? -1 : m.partition(),
        m == null ? -1 : m.offset(), reason.name(), io.ecgmon.deadletter.RejectedRecord.class.getName(), message,
        settings.applicationId(), context.currentSystemTimeMs()), record.timestamp()),
        MonitorTopology.DEAD_LETTERS_SINK);
  }
}
