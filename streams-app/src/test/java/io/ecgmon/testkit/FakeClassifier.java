package io.ecgmon.testkit;

import io.ecgmon.inference.Classifier;
import io.ecgmon.inference.ModelCard;
import io.ecgmon.inference.ModelInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

/**
 * A classifier for topology tests: the real model's card (labels, thresholds, spec), scripted
 * probabilities (in classification order; a default row when the script is empty), and a record of
 * every input and batch it was given.
 */
public final class FakeClassifier implements Classifier {

  public static final Path CARD = Path.of("..", "model", "ecgmon-ptbxl.card.json");

  private final ModelCard card;
  private final Deque<float[]> script = new ArrayDeque<>();
  private final float[] fallback;
  public final List<ModelInput> inputs = Collections.synchronizedList(new ArrayList<>());
  public final List<Integer> batches = Collections.synchronizedList(new ArrayList<>());

  public FakeClassifier() {
    try {
      card = ModelCard.parse(Files.readString(CARD));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fallback = new float[card.labels().size()];
    fallback[0] = 0.9f;
    for (int i = 1; i < fallback.length; i++) {
      fallback[i] = 0.05f;
    }
  }

  private int failures;

  /** The next {@code n} calls throw, as a model run that fails would. */
  public FakeClassifier failNext(int n) {
    failures = n;
    return this;
  }

  public FakeClassifier then(float... probabilities) {
    script.add(probabilities);
    return this;
  }

  @Override
  public ModelCard card() {
    return card;
  }

  @Override
  public synchronized float[][] classify(List<ModelInput> batch) {
    if (failures > 0) {
      failures--;
      throw new IllegalStateException("scripted inference failure");
    }
    batches.add(batch.size());
    inputs.addAll(batch);
    float[][] out = new float[batch.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = script.isEmpty() ? fallback.clone() : script.poll();
    }
    return out;
  }
}
