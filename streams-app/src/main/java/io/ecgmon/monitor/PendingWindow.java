package io.ecgmon.monitor;

import io.ecgmon.avro.QualityFlag;
import io.ecgmon.inference.ModelInput;
import java.util.List;

/** A window decided and featurised, waiting in memory for its inference batch. */
record PendingWindow(
    String patientId,
    String recordingId,
    long startIndex,
    long endIndex,
    long hopSamples,
    long startTimeMs,
    long endTimeMs,
    List<QualityFlag> quality,
    long lastProducedAtMs,
    List<String> groundTruth,
    ModelInput input,
    long featureNanos) {}
