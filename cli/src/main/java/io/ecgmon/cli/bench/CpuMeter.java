package io.ecgmon.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this process and of groups of its threads, by thread name: the monitor's stream threads
 * (Kafka Streams names them {@code ...-StreamThread-N}; the model runs on them), the simulator (its
 * workers and its producer's I/O thread); the rest is the in-process broker, the registry, the reader,
 * JIT and GC. Memory: heap in use and the resident set.
 */
public final class CpuMeter {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** CPU seconds so far: whole process, monitor threads, simulator threads. */
  public record Sample(double process, double monitor, double simulator, long nanos) {

    public Sample minus(Sample before) {
      return new Sample(process - before.process, monitor - before.monitor, simulator - before.simulator,
          nanos - before.nanos);
    }

    public double seconds() {
      return nanos / 1e9;
    }
  }

  private CpuMeter() {}

  public static Sample sample() {
    double monitor = 0;
    double sim = 0;
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String n = info.getThreadName();
      double cpu = Math.max(0, THREADS.getThreadCpuTime(info.getThreadId())) / 1e9;
      if (n.contains("StreamThread")) {
        monitor += cpu;
      } else if (n.startsWith("ecgmon-sim") || n.contains("ecgmon-producer-sim")) {
        sim += cpu;
      }
    }
    return new Sample(OS.getProcessCpuTime() / 1e9, monitor, sim, System.nanoTime());
  }

  public static double loadAverage() {
    return OS.getSystemLoadAverage();
  }

  public static long heapUsedBytes() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** Resident set size from /proc (Linux), or -1. */
  public static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (Exception e) {
      // not Linux: no figure
    }
    return -1;
  }
}
