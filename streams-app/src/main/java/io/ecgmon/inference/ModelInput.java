package io.ecgmon.inference;

import io.ecgmon.features.WindowFeatures;

/** Everything the model takes for one window: the signal features and the 8 metadata features. */
public record ModelInput(WindowFeatures signal, float[] metadata) {}
