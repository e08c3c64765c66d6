package io.ecgmon.monitor;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's meters, by the names of the shared metric contract (docs: notes/metrics.md; Grafana
 * and Prometheus in ops/ key on them). One instance per application, shared by all stream threads.
 */
public final class MonitorMetrics {

  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> segments = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> windows = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> deadLetters = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> alerts = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final Timer inference;
  private final Timer features;
  private final Timer endToEnd;
  private final AtomicLong patientsActive = new AtomicLong();

  public MonitorMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder("ecgmon.inference.batch.size")
        .description("windows per model run").register(registry);
    this.inference = Timer.builder("ecgmon.inference").description("one model run (whole batch)")
        .publishPercentileHistogram().register(registry);
    this.features = Timer.builder("ecgmon.features").description("features of one window")
        .publishPercentileHistogram().register(registry);
    this.endToEnd = Timer.builder("ecgmon.end.to.end.latency")
        .description("producedAt of the segment that completed the window -> classification produced")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(2))
        .register(registry);
    Gauge.builder("ecgmon.patients.active", patientsActive, AtomicLong::get)
        .description("patients with window state in this instance").register(registry);
  }

  /** Meters that go nowhere: for tests and benchmarks that do not look at them. */
  public static MonitorMetrics noop() {
    return new MonitorMetrics(new SimpleMeterRegistry());
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void segment(String outcome) {
    segments.computeIfAbsent(outcome, o -> Counter.builder("ecgmon.segments").tag("outcome", o)
        .description("segments read, by outcome").register(registry)).increment();
  }

  public void windows(String outcome, long n) {
    windows.computeIfAbsent(outcome, o -> Counter.builder("ecgmon.windows").tag("outcome", o)
        .description("windows decided, by outcome").register(registry)).increment(n);
  }

  public void deadLetter(String reason) {
    deadLetters.computeIfAbsent(reason, r -> Counter.builder("ecgmon.dead.letters").tag("reason", r)
        .description("records sent to the dead-letter topic").register(registry)).increment();
  }

  public void alert(String kind) {
    alerts.computeIfAbsent(kind, k -> Counter.builder("ecgmon.alerts").tag("kind", k)
        .description("alerts raised").register(registry)).increment();
  }

  public void batch(int size, long nanos) {
    batchSize.record(size);
    inference.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void features(long nanos) {
    features.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void endToEnd(long millis) {
    endToEnd.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
  }

  public void patientsActive(long delta) {
    patientsActive.addAndGet(delta);
  }

  public Timer endToEndTimer() {
    return endToEnd;
  }

  public Timer inferenceTimer() {
    return inference;
  }

  public DistributionSummary batchSizeSummary() {
    return batchSize;
  }
}
