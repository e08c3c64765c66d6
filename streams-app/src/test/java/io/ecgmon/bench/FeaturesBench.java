package io.ecgmon.bench;

import io.ecgmon.features.FeatureSpec;
import io.ecgmon.features.SignalFeatures;
import io.ecgmon.features.WindowFeatures;
import io.ecgmon.testkit.SyntheticEcg;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Features of one 12-lead 10 s window: at the model rate, and from 500 Hz (block-mean resampling first). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FeaturesBench {

  SignalFeatures features;
  double[][] at100;
  double[][] at500;

  @Setup
  public void setup() {
    features = new SignalFeatures(FeatureSpec.load());
    at100 = new SyntheticEcg(1).window(0, 1000, 100);
    at500 = new SyntheticEcg(1).window(0, 5000, 500);
  }

  @Benchmark
  public WindowFeatures window100Hz() {
    return features.extract(at100);
  }

  @Benchmark
  public WindowFeatures window500Hz() {
    return features.extract(features.resampleToSpecRate(at500, 500));
  }
}
