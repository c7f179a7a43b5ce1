package io.argus.benchmarks.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
 * {@code driver: calls=... seconds=... p50_ns=... p99_ns=... p999_ns=... max_ns=...}; then waits until its stdin is
 * closed (so that the benchmark can read its metrics and memory while it is idle) and exits. Each line is printed with
 * one call: the agent's log shares stdout.
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
    System.out.println("driver: load started");
    LatencyHistogram latency = new LatencyHistogram();
    long start = System.nanoTime();
    long calls = driver.callAtRate(rate, Long.parseLong(args[2]), latency);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.println(String.format(Locale.ROOT,
        "driver: calls=%d seconds=%.3f p50_ns=%d p99_ns=%d p999_ns=%d max_ns=%d sink=%d", calls, elapsed,
        latency.percentile(50), latency.percentile(99), latency.percentile(99.9), latency.max(), driver.sink & 1));
    while (stdin.readLine() != null) {
      // idle until the benchmark closes stdin
    }
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
