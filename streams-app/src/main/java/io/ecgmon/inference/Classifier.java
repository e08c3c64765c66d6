package io.ecgmon.inference;

import java.util.List;

/**
 * A multi-label classifier of analysis windows. Implementations must be thread-safe: one instance
 * serves every stream thread of the application.
 */
public interface Classifier extends AutoCloseable {

  ModelCard card();

  /** One probability row per input, in the card's label order. */
  float[][] classify(List<ModelInput> batch);

  @Override
  default void close() {}
}
