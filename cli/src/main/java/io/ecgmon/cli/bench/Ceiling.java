package io.ecgmon.cli.bench;

import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.MetadataFeatures;
import io.ecgmon.features.SignalFeatures;
import io.ecgmon.features.WindowFeatures;
import io.ecgmon.inference.ModelInput;
import io.ecgmon.inference.OnnxClassifier;
import io.ecgmon.inference.Provider;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ceiling: what the model alone costs, with no Kafka, no state, no serde. Pure ONNX Runtime runs
 * (the monitor's runtime and session options, one intra-op thread) over a prepared batch, and the
 * feature extraction alone, both on this thread so its CPU time is theirs.
 */
public final class Ceiling {

  /** Windows/s on one thread and CPU ms per window, at a batch size (0 = the features alone). */
  public record Result(String what, int batch, double windowsPerSecond, double cpuMsPerWindow) {}

  private Ceiling() {}

  public static List<Result> measure(Path model, double[][] windowMv, double seconds, int threads) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<Result> out = new ArrayList<>();
    try (OnnxClassifier classifier = OnnxClassifier.open(model, Provider.CPU, threads)) {
      FeatureSpec spec = classifier.card().verifiedFeatureSpec(FeatureSpec.load());
      SignalFeatures features = new SignalFeatures(spec);
      float[] meta = new MetadataFeatures(spec).encode(60.0, MetadataFeatures.Sex.FEMALE, null, null);
      // features alone
      long n = 0;
      long cpu0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      WindowFeatures f = null;
      while (System.nanoTime() - t0 < seconds * 1e9 || n < 20) {
        f = features.extract(windowMv);
        n++;
      }
      out.add(new Result("features (JTransforms)", 0, n / ((System.nanoTime() - t0) / 1e9),
          (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / n));
      for (int batch : new int[] {1, 32}) {
        List<ModelInput> inputs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          inputs.add(new ModelInput(f, meta));
        }
        for (int i = 0; i < 5; i++) {
          classifier.classify(inputs); // warm-up
        }
        long runs = 0;
        cpu0 = mx.getCurrentThreadCpuTime();
        t0 = System.nanoTime();
        while (System.nanoTime() - t0 < seconds * 1e9 || runs < 10) {
          classifier.classify(inputs);
          runs++;
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        out.add(new Result("ONNX Runtime inference", batch, runs * batch / wall,
            (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / (runs * batch)));
      }
    }
    return out;
  }
}
