package io.ecgmon.bench;

import io.ecgmon.avro.Classification;
import io.ecgmon.avro.EcgSegment;
import io.ecgmon.broker.EmbeddedKafka;
import io.ecgmon.monitor.MonitorApp;
import io.ecgmon.monitor.MonitorConfig;
import io.ecgmon.serde.AvroDeserializer;
import io.ecgmon.serde.AvroSerializer;
import io.ecgmon.testkit.SyntheticEcg;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end benchmark (not a test): an in-process broker, the monitor with the real model, and N
 * simulated patients each sending one segment per second in real time, spread evenly over the second.
 * Reports windows/s and the latency a read_committed consumer sees from the producedAt of the
 * segment that completed a window to the classification's arrival (so it includes the transaction
 * commit). Windows of the warm-up are left out.
 */
@Command(name = "end-to-end-bench", mixinStandardHelpOptions = true)
public final class EndToEndBench implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--patients", defaultValue = "1000") int patients;
  @Option(names = "--rate", defaultValue = "100", description = "Hz") int rate;
  @Option(names = "--seconds", defaultValue = "90", description = "how long the patients send") int seconds;
  @Option(names = "--warmup", defaultValue = "30", description = "seconds of windows left out") int warmup;
  @Option(names = "--partitions", defaultValue = "4") int partitions;
  @Option(names = "--stream-threads", defaultValue = "1") int streamThreads;
  @Option(names = "--property", description = "monitor property k=v") Map<String, String> extra = Map.of();

  public static void main(String[] args) {
    System.exit(new CommandLine(new EndToEndBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(1)) {
      String bootstrap = kafka.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        admin.createTopics(List.of(new NewTopic("ecg-segments", partitions, (short) 1),
            new NewTopic("patient-info", partitions, (short) 1), new NewTopic("classifications", partitions, (short) 1),
            new NewTopic("alerts", 1, (short) 1), new NewTopic("ecgmon-monitor-dead-letters", 1, (short) 1)))
            .all().get();
      }
      Properties p = new Properties();
      p.put("bootstrap.servers", bootstrap);
      p.put("schema.registry.url", "mock://bench");
      p.put("state.dir", Files.createTempDirectory("ecgmon-bench-").toString());
      p.put("num.stream.threads", Integer.toString(streamThreads));
      p.put(MonitorConfig.HTTP_PORT, "-1");
      p.putAll(extra);
      MonitorConfig config = new MonitorConfig(p);
      try (MonitorApp app = MonitorApp.start(config)) {
        return run(bootstrap, app);
      }
    }
  }

  private int run(String bootstrap, MonitorApp app) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean();
    long start = System.currentTimeMillis() + 2000;
    long measureFrom = start + warmup * 1000L;
    long sendUntil = start + seconds * 1000L;
    List<Long> latencies = new ArrayList<>();
    AtomicLong measured = new AtomicLong();
    AtomicLong all = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    Thread consumer = new Thread(() -> consume(bootstrap, measureFrom, sendUntil, latencies, measured, all, stop));
    consumer.start();

    // 16 distinct signals, 10 s each, cycled: generating fresh samples for 1,000 patients would cost more
    // CPU than the monitor itself
    short[][][][] signals = new short[16][10][][];
    for (int s = 0; s < signals.length; s++) {
      for (int sec = 0; sec < 10; sec++) {
        signals[s][sec] = new SyntheticEcg(s).counts((long) sec * rate, rate, rate);
      }
    }
    Properties pp = new Properties();
    pp.put("bootstrap.servers", bootstrap);
    pp.put("schema.registry.url", "mock://bench");
    pp.put("linger.ms", "5");
    long sent = 0;
    AvroSerializer<EcgSegment> values = new AvroSerializer<>();
    values.configure(Map.of("schema.registry.url", "mock://bench"), false); // instances are not configured by the client
    try (KafkaProducer<String, EcgSegment> producer = new KafkaProducer<>(pp, new StringSerializer(), values)) {
      for (int sec = 0; start + sec * 1000L < sendUntil; sec++) {
        for (int i = 0; i < patients; i++) {
          long due = start + sec * 1000L + (long) i * 1000 / patients;
          long wait = due - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
          String patient = "bench-" + i;
          EcgSegment seg = SyntheticEcg.segment(patient, "rec", rate, (long) sec * rate, signals[i % 16][sec % 10],
              start - 1000L * 3600, System.currentTimeMillis());
          producer.send(new ProducerRecord<>("ecg-segments", patient, seg));
          sent++;
        }
        if (sec % 10 == 9) {
          System.out.printf("%3d s: %d segments sent, %d windows classified (%d in the measured part)%n", sec + 1,
              sent, all.get(), measured.get());
        }
      }
    }
    long lagBehind = System.currentTimeMillis() - sendUntil;
    double cpuSeconds = os.getProcessCpuTime() / 1e9;
    double monitorSeconds = monitorThreadsCpuSeconds();
    double loadAverage = os.getSystemLoadAverage();
    Thread.sleep(10_000); // the last windows drain
    stop.set(true);
    consumer.join();

    long[] l;
    synchronized (latencies) {
      l = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    }
    double span = (sendUntil - measureFrom) / 1000.0;
    var reg = app.registry();
    double batches = reg.get("ecgmon.inference.batch.size").summary().count();
    double batchMean = reg.get("ecgmon.inference.batch.size").summary().mean();
    double inferenceMs = reg.get("ecgmon.inference").timer().mean(java.util.concurrent.TimeUnit.MILLISECONDS);
    double featuresMs = reg.get("ecgmon.features").timer().mean(java.util.concurrent.TimeUnit.MILLISECONDS);
    double dead = reg.find("ecgmon.dead.letters").counters().stream().mapToDouble(c -> c.count()).sum();
    double skipped = reg.find("ecgmon.windows").tag("outcome", "skipped_low_coverage").counters().stream()
        .mapToDouble(c -> c.count()).sum();
    System.out.println();
    System.out.printf("patients %d at %d Hz, 1 s segments, %d s sending (%d s warm-up), %d partitions, %d stream "
        + "threads, %d cores, producer %s behind at the end%n", patients, rate, seconds, warmup, partitions,
        streamThreads, Runtime.getRuntime().availableProcessors(), lagBehind > 50 ? lagBehind + " ms" : "not");
    System.out.printf("windows: %d measured in %.0f s = %.1f windows/s (expected %.1f); %d in all; skipped %.0f; "
        + "dead letters %.0f%n", measured.get(), span, measured.get() / span, patients / config(app).hopSeconds(),
        all.get(), skipped, dead);
    System.out.printf("CPU: this JVM (broker + producer + monitor + reader) used %.0f CPU s over %.0f s, %.1f ms per "
        + "classified window; machine load average at the end %.1f%n", cpuSeconds,
        (System.currentTimeMillis() - start) / 1000.0, 1000 * cpuSeconds / Math.max(1, all.get()), loadAverage);
    System.out.printf("CPU of the monitor's own threads (stream threads, inference on them, their Kafka clients): "
        + "%.0f CPU s, %.1f ms per classified window%n", monitorSeconds, 1000 * monitorSeconds / Math.max(1, all.get()));
    if (l.length > 0) {
      System.out.printf("end-to-end latency (producedAt -> read_committed consumer): p50 %d ms, p95 %d ms, p99 %d ms, "
          + "max %d ms%n", pct(l, 0.50), pct(l, 0.95), pct(l, 0.99), l[l.length - 1]);
    }
    System.out.printf("inference: %.0f batches, mean batch %.1f, mean run %.2f ms; features %.2f ms per window%n",
        batches, batchMean, inferenceMs, featuresMs);
    return 0;
  }

  /** CPU time of the threads Kafka Streams names after its stream threads (clients included). */
  private static double monitorThreadsCpuSeconds() {
    var mx = java.lang.management.ManagementFactory.getThreadMXBean();
    double total = 0;
    for (var info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("StreamThread")) {
        total += Math.max(0, mx.getThreadCpuTime(info.getThreadId())) / 1e9;
      }
    }
    return total;
  }

  private static MonitorConfig config(MonitorApp app) {
    return app.config();
  }

  private static long pct(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static void consume(String bootstrap, long measureFrom, long sendUntil, List<Long> latencies,
      AtomicLong measured, AtomicLong all, AtomicBoolean stop) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "bench-reader");
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_committed");
    p.put("schema.registry.url", "mock://bench");
    p.put("specific.avro.reader", "true");
    AvroDeserializer<Object> values = new AvroDeserializer<>();
    values.configure(Map.of("schema.registry.url", "mock://bench", "specific.avro.reader", true), false);
    try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      c.subscribe(List.of("classifications"));
      while (!stop.get()) {
        for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(100))) {
          long now = System.currentTimeMillis();
          Classification cl = (Classification) r.value();
          all.incrementAndGet();
          long produced = cl.getLastSegmentProducedAt().toEpochMilli();
          if (produced >= measureFrom && produced < sendUntil) {
            measured.incrementAndGet();
            synchronized (latencies) {
              latencies.add(now - produced);
            }
          }
        }
      }
    }
  }
}
