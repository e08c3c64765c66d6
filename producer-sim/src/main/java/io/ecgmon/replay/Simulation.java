package io.ecgmon.replay;

import io.ecgmon.serde.AvroSerializer;
import io.ecgmon.synth.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulation: every patient's feed cut into segments and sent on a schedule. The programmatic
 * face of {@code simulate} ({@link #start}, {@link #stop}, {@link #await}, {@link #counters}).
 *
 * <p>Scheduling is by absolute time: segment k of a patient is due when its last sample has been
 * acquired, at {@code start + (offset + end of segment k) / speed} on the {@link Clock}, where the
 * offset (0..1 segment, seeded) spreads the patients over the second. Each worker keeps one queue
 * ordered by due time and sleeps until the head is due, so lateness never accumulates over hours. As
 * fast as possible (speed 0) uses the same order without waiting: patients advance together.
 */
public final class Simulation implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Simulation.class);
  /** A worker sleeps at most this long before looking at the stop flag. */
  private static final long MAX_SLEEP_NANOS = 100_000_000L;

  private final SimulationConfig config;
  private final SegmentEncoder encoder;
  private final SegmentSink sink;
  private final Clock clock;
  private final Counters counters;
  private final List<Worker> workers = new ArrayList<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final long startNanos;
  private final long startEpochMillis;
  private volatile boolean stopping;

  private Simulation(SimulationConfig config, List<PatientSource> patients, SegmentEncoder encoder, SegmentSink sink,
      Clock clock) {
    this.config = config;
    this.encoder = encoder;
    this.sink = sink;
    this.clock = clock;
    this.counters = new Counters(patients.size());
    prepare(patients);
    this.startNanos = clock.nanos();
    this.startEpochMillis = clock.epochMillis();
    for (int w = 0; w < Math.min(config.threads(), Math.max(1, patients.size())); w++) {
      workers.add(new Worker());
    }
    for (int i = 0; i < patients.size(); i++) {
      workers.get(i % workers.size()).add(patients.get(i), i);
    }
  }

  private static void prepare(List<PatientSource> patients) {
    try {
      patients.parallelStream().forEach(p -> {
        try {
          p.prepare();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    } catch (java.io.UncheckedIOException e) {
      throw new IllegalStateException("preparing the patients: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Starts playing {@code patients} into {@code sink}; returns once the patients are prepared. The simulation owns the sink
   * from now on: it flushes it when done and closes it on {@link #close()}.
   */
  public static Simulation start(SimulationConfig config, List<PatientSource> patients, SegmentEncoder encoder,
      SegmentSink sink, Clock clock) {
    Simulation s = new Simulation(config, patients, encoder, sink, clock);
    Thread runner = new Thread(s::run, "ecgmon-sim");
    runner.setDaemon(true);
    runner.start();
    return s;
  }

  /**
   * Starts a simulation that sends to Kafka with the given client configuration (bootstrap servers,
   * schema registry, security, producer overrides): Avro values through the registry, an idempotent
   * producer. Registers the schemas and fetches topic metadata before the clock starts, so the first
   * segments are not late; the topics must exist.
   */
  public static Simulation startOnKafka(SimulationConfig config, List<PatientSource> patients,
      Map<String, Object> client) {
    AvroSerializer<Object> serializer = new AvroSerializer<>();
    serializer.configure(client, false);
    @SuppressWarnings("unchecked")
    Serializer<Object> values = (Serializer<Object>) (Serializer<?>) serializer;
    SegmentEncoder encoder = new SegmentEncoder(values);
    KafkaSegmentSink sink = new KafkaSegmentSink(client);
    try {
      encoder.warmUp(config.segmentsTopic(), config.patientInfoTopic());
      sink.warmUp(List.of(config.segmentsTopic(), config.patientInfoTopic()));
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
    return start(config, patients, encoder, sink, Clock.SYSTEM);
  }

  /** Runs on the caller's thread until done (what tests on a {@link VirtualClock} use). */
  public static Simulation run(SimulationConfig config, List<PatientSource> patients, SegmentEncoder encoder,
      SegmentSink sink, Clock clock) {
    Simulation s = new Simulation(config, patients, encoder, sink, clock);
    s.run();
    return s;
  }

  public SimulationConfig config() {
    return config;
  }

  public Counters.Snapshot counters() {
    return counters.snapshot();
  }

  /** The worst lag behind schedule since the last call (ms), for progress lines. */
  public double takeMaxLagMillis() {
    return counters.takeMaxLagMillis();
  }

  /** Asks the workers to stop; what was already cut (late and reordered segments too) is still sent. */
  public void stop() {
    stopping = true;
  }

  /** Waits for the end (everything sent and flushed); true when it ended within the timeout. */
  public boolean await(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isDone() {
    return finished.getCount() == 0;
  }

  /** The error that ended the run (a send or read failure), or null. */
  public Throwable failure() {
    return failure.get();
  }

  /** Stops, waits up to a minute for the flush, closes the sink. */
  @Override
  public void close() throws InterruptedException {
    stop();
    if (!await(Duration.ofMinutes(1))) {
      log.warn("simulation did not finish within a minute of stop()");
    }
    sink.close();
  }

  private void fail(Throwable e) {
    if (failure.compareAndSet(null, e)) {
      log.error("simulation failed: {}", e.toString());
    }
    stopping = true;
  }

  private void run() {
    try {
      if (workers.size() == 1) {
        workers.get(0).run();
      } else {
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
          Thread t = new Thread(workers.get(w), "ecgmon-sim-" + w);
          t.setDaemon(true);
          threads.add(t);
          t.start();
        }
        for (Thread t : threads) {
          t.join();
        }
      }
      sink.flush();
    } catch (Throwable e) {
      fail(e);
    } finally {
      finished.countDown();
    }
  }

  /** A patient in a worker's care. */
  private final class Patient {
    final PatientFeed feed;
    final FaultInjector faults;
    final SplittableRandom random;
    final double offsetSeconds;
    final byte[] key;
    FeedRecord.Demographics published;

    Patient(PatientSource source, int index) {
      random = new SplittableRandom(Seeds.of(config.seed(), 1_000_000L + index));
      offsetSeconds = random.nextDouble() * config.segmentSeconds();
      feed = new PatientFeed(source, config.runId(), startEpochMillis + Math.round(offsetSeconds * 1000),
          config.segmentSeconds(), config.sessionPerRecord());
      faults = new FaultInjector(config.faults(), Seeds.of(config.seed(), 2_000_000L + index), counters);
      key = source.patientId().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** A queue entry: cut the patient's next segment (emission null) or send an emission. */
  private record Item(double key, long seq, Patient patient, Emission emission) implements Comparable<Item> {
    @Override
    public int compareTo(Item o) {
      int c = Double.compare(key, o.key);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final class Worker implements Runnable {
    private final PriorityQueue<Item> queue = new PriorityQueue<>();
    private long seq;

    void add(PatientSource source, int index) {
      Patient p = new Patient(source, index);
      queue.add(new Item(p.offsetSeconds, seq++, p, null));
    }

    private long deadline(double key) {
      return startNanos + (long) (key / config.speed() * 1e9);
    }

    @Override
    public void run() {
      try {
        while (!queue.isEmpty()) {
          if (stopping) {
            drain();
            return;
          }
          Item head = queue.peek();
          if (!config.asFastAsPossible()) {
            long due = deadline(head.key());
            long now = clock.nanos();
            if (now < due) {
              clock.sleepUntil(Math.min(due, now + MAX_SLEEP_NANOS));
              continue;
            }
          }
          queue.poll();
          if (head.emission() == null) {
            cut(head);
          } else {
            send(head);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(e);
      } catch (Exception e) {
        fail(e);
      }
    }

    /** On stop: what is already cut goes out (no sleeping), nothing new is cut. */
    private void drain() {
      if (failure.get() != null) {
        return;
      }
      Item it;
      while ((it = queue.poll()) != null) {
        if (it.emission() != null) {
          send(it);
        }
      }
    }

    private void cut(Item item) throws java.io.IOException {
      Patient p = item.patient();
      Segment s = p.feed.next();
      if (s == null || (config.durationSeconds() > 0
          && p.feed.playedBefore(s) >= Math.round(config.durationSeconds() * s.rateHz()))) {
        counters.finishedPatients.increment();
        return;
      }
      if (!Objects.equals(s.demographics(), p.published)) {
        sendPatientInfo(p, s.demographics());
      }
      double end = p.offsetSeconds + p.feed.endSeconds(s);
      double jitter = config.jitterMillis() > 0 && !config.asFastAsPossible()
          ? p.random.nextDouble() * config.jitterMillis() / 1000 * config.speed() : 0;
      for (Emission e : p.faults.apply(s, end + jitter, config.segmentSeconds())) {
        queue.add(new Item(e.releaseSeconds(), seq++, p, e));
      }
      queue.add(new Item(end, seq++, p, null));
    }

    private void sendPatientInfo(Patient p, FeedRecord.Demographics d) {
      byte[] value = encoder.patientInfo(config.patientInfoTopic(), p.feed.patientId(), d, clock.epochMillis());
      sink.send(config.patientInfoTopic(), p.feed.patientId(), value, this::acknowledged);
      p.published = d;
      counters.patientInfos.increment();
    }

    private void send(Item item) {
      Emission e = item.emission();
      Segment s = e.segment();
      byte[] value = encoder.segment(config.segmentsTopic(), s, clock.epochMillis());
      if (e.corruption() != null) {
        value = Emission.damage(value, e.corruption());
      }
      if (!config.asFastAsPossible()) {
        long lag = (clock.nanos() - deadline(item.key())) / 1000;
        counters.maxLagMicros.accumulate(lag);
        counters.lastLagMicros.set(lag);
      }
      sink.send(config.segmentsTopic(), s.patientId(), value, this::acknowledged);
      counters.segments.increment();
      counters.bytes.add(value.length + item.patient().key.length);
      counters.samples.add((long) s.samples() * s.leads().size());
      counters.signalMillis.accumulate(Math.round(s.endSeconds() * 1000));
    }

    private void acknowledged(Exception error) {
      if (error == null) {
        counters.acknowledged.increment();
      } else {
        counters.sendErrors.increment();
        fail(error);
      }
    }
  }
}
