package io.argus.benchmarks.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * An application that calls a traced method ({@link PricingAgent#quote}, made a capability by the agent's
 * configuration) at a fixed rate, one span per call, and measures every call. Used by the export throughput
 * benchmark, which launches it with the agent and reads the agent's {@code /metrics} before and after the measured
 * part.
 *
 * <p>Every millisecond the driver thread makes the calls that are due, back to back, then parks until the next
 * millisecond: the load is spread as an application's would be and the driver does not burn a core spinning.
 *
 * <p>Usage: {@code SpanRateDriver <calls per second> <warm-up seconds> <seconds>}. Prints {@code driver: ready} and
 * waits for a line on stdin (the benchmark sends it once the agent is ready); runs the warm-up (JIT, the exporter's
 * first connection); prints {@code driver: load started}; runs the measured part and prints
 * {@code driver: calls=... seconds=... p50_ns=... p99_ns=... p999_ns=... max_ns=...}; then, for each line it reads
 * on stdin, {@code driver: export threads cpu_ns=... allocated_bytes=...}: what the agent's export threads used since
 * the measured part began; it exits when its stdin is closed. Each line is printed with one call: the agent's log
 * shares stdout.
 */
public final class SpanRateDriver {
  private static final long TICK_NANOS = 1_000_000;

  private final PricingAgent agent = new PricingAgent();
  private long sink;

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: SpanRateDriver <calls per second> <warm-up seconds> <seconds>");
      System.exit(2);
    }
    double rate = Double.parseDouble(args[0]);
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("driver: ready");
    if (stdin.readLine() == null) {
      return;
    }
    SpanRateDriver driver = new SpanRateDriver();
    driver.callAtRate(rate, Long.parseLong(args[1]), new LatencyHistogram());
    Map<Long, long[]> exportThreadsAtStart = exportThreadUsage();
    System.out.println("driver: load started");
    LatencyHistogram latency = new LatencyHistogram();
    long start = System.nanoTime();
    long calls = driver.callAtRate(rate, Long.parseLong(args[2]), latency);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.println(String.format(Locale.ROOT,
        "driver: calls=%d seconds=%.3f p50_ns=%d p99_ns=%d p999_ns=%d max_ns=%d sink=%d", calls, elapsed,
        latency.percentile(50), latency.percentile(99), latency.percentile(99.9), latency.max(), driver.sink & 1));
    while (stdin.readLine() != null) {
      long cpu = 0;
      long allocated = 0;
      for (Map.Entry<Long, long[]> thread : exportThreadUsage().entrySet()) {
        long[] atStart = exportThreadsAtStart.getOrDefault(thread.getKey(), new long[2]);
        cpu += thread.getValue()[0] - atStart[0];
        allocated += thread.getValue()[1] - atStart[1];
      }
      System.out.println("driver: export threads cpu_ns=" + cpu + " allocated_bytes=" + allocated);
    }
  }

  /**
   * Thread id → {CPU ns, bytes allocated} of the threads that export spans: Argus's {@code argus-export} and {@code
   * argus-otlp-sender-*}, the OpenTelemetry agent's {@code BatchSpanProcessor_WorkerThread} and the OkHttp threads it
   * sends requests on.
   */
  private static Map<Long, long[]> exportThreadUsage() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Map<Long, long[]> usage = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("argus-export") || name.startsWith("argus-otlp-sender")
          || name.startsWith("BatchSpanProcessor") || name.startsWith("okhttp")
          || name.startsWith("OkHttp")) {
        usage.put(thread.getId(),
            new long[] {threads.getThreadCpuTime(thread.getId()), threads.getThreadAllocatedBytes(thread.getId())});
      }
    }
    return usage;
  }

  /** Calls {@code rate} times a second for {@code seconds}, recording each call's duration; returns the calls made. */
  private long callAtRate(double rate, long seconds, LatencyHistogram latency) {
    long calls = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long nextTick = start;
    long now;
    while ((now = System.nanoTime()) < end) {
      long due = (long) ((now - start) * rate / 1e9);
      while (calls < due) {
        long before = System.nanoTime();
        sink += agent.quote("SKU-000042", (int) (calls & 15));
        latency.record(System.nanoTime() - before);
        calls++;
      }
      nextTick += TICK_NANOS;
      LockSupport.parkNanos(nextTick - System.nanoTime());
    }
    return calls;
  }
}
