package io.ecgmon.bench;

import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.MetadataFeatures;
import io.ecgmon.features.SignalFeatures;
import io.ecgmon.inference.ModelInput;
import io.ecgmon.inference.OnnxClassifier;
import io.ecgmon.inference.Provider;
import io.ecgmon.testkit.SyntheticEcg;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time (not wall time) per window of features and of inference at batch 1, 8 and 32, measured on
 * the calling thread with one intra-op thread (ONNX Runtime then runs on the caller). On a machine
 * shared with other work, CPU time is what a capacity estimate can rest on; JMH's wall times there
 * mostly measure the neighbours.
 */
public final class CpuCostBench {

  public static void main(String[] args) {
    Path model = Path.of(args.length > 0 ? args[0] : "model/ecgmon-ptbxl.onnx");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    FeatureSpec spec = FeatureSpec.load();
    SignalFeatures features = new SignalFeatures(spec);
    MetadataFeatures meta = new MetadataFeatures(spec);
    double[][] at100 = new SyntheticEcg(1).window(0, 1000, 100);
    double[][] at500 = new SyntheticEcg(1).window(0, 5000, 500);
    for (int round = 0; round < 3; round++) { // the last round counts: the JIT is warm by then
      long c0 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < 1000; i++) {
        features.extract(at100);
      }
      long c1 = mx.getCurrentThreadCpuTime();
      for (int i = 0; i < 1000; i++) {
        features.extract(features.resampleToSpecRate(at500, 500));
      }
      long c2 = mx.getCurrentThreadCpuTime();
      if (round == 2) {
        System.out.printf("features per 12-lead window: %.2f CPU ms at 100 Hz, %.2f CPU ms from 500 Hz%n",
            (c1 - c0) / 1e9, (c2 - c1) / 1e9);
      }
    }
    try (OnnxClassifier classifier = OnnxClassifier.open(model, Provider.CPU, 1)) {
      for (int batch : new int[] {1, 8, 32}) {
        List<ModelInput> inputs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          inputs.add(new ModelInput(features.extract(new SyntheticEcg(i).window(0, 1000, 100)),
              meta.encode(55.0, MetadataFeatures.Sex.MALE, null, null)));
        }
        int runs = Math.max(20, 640 / batch);
        for (int i = 0; i < runs / 2; i++) {
          classifier.classify(inputs);
        }
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < runs; i++) {
          classifier.classify(inputs);
        }
        long c1 = mx.getCurrentThreadCpuTime();
        long t1 = System.nanoTime();
        System.out.printf("inference batch %2d (1 intra-op thread): %.2f CPU ms per window (wall %.2f ms per run)%n",
            batch, (c1 - c0) / 1e6 / runs / batch, (t1 - t0) / 1e6 / runs);
      }
    }
  }
}
