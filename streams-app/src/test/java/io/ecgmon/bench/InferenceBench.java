package io.ecgmon.bench;

import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.MetadataFeatures;
import io.ecgmon.features.SignalFeatures;
import io.ecgmon.inference.ModelInput;
import io.ecgmon.inference.OnnxClassifier;
import io.ecgmon.inference.Provider;
import io.ecgmon.testkit.SyntheticEcg;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** One model run of the shipped model over a batch (time per run; divide by batch for per window). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class InferenceBench {

  @Param({"1", "8", "32"})
  int batch;

  @Param({"1", "2"})
  int threads;

  @Param("../model/ecgmon-ptbxl.onnx")
  String model;

  OnnxClassifier classifier;
  List<ModelInput> inputs;

  @Setup
  public void setup() {
    classifier = OnnxClassifier.open(Path.of(model), Provider.CPU, threads);
    FeatureSpec spec = FeatureSpec.load();
    SignalFeatures features = new SignalFeatures(spec);
    MetadataFeatures meta = new MetadataFeatures(spec);
    inputs = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      inputs.add(new ModelInput(features.extract(new SyntheticEcg(i).window(0, 1000, 100)),
          meta.encode(60.0, MetadataFeatures.Sex.FEMALE, null, null)));
    }
  }

  @TearDown
  public void tearDown() {
    classifier.close();
  }

  @Benchmark
  public float[][] run() {
    return classifier.classify(inputs);
  }
}
