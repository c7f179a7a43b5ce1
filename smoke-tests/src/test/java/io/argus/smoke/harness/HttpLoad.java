package io.argus.smoke.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A paced load generator for loopback services: {@code threads} threads share a fixed request rate for a fixed time
 * (open loop: a slow answer does not lower the rate of the next requests), each answer checked by a predicate. What
 * it returns is measured, never asserted on as a timing: latency figures go into reports, while {@link Result#failures}
 * (answers that differ from what the application gives without any fault) is what tests assert on.
 */
public final class HttpLoad {
  private static final int MAX_FAILURES_KEPT = 20;

  private HttpLoad() {}

  /** Latencies and wrong answers of one run. */
  public record Result(int requests, List<Long> sortedLatencyNanos, List<String> failures, int failureCount) {
    /** The latency below which {@code quantile} of the requests finished, in milliseconds (nearest rank). */
    public double percentileMillis(double quantile) {
      if (sortedLatencyNanos.isEmpty()) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(quantile * sortedLatencyNanos.size());
      return sortedLatencyNanos.get(Math.max(0, Math.min(rank, sortedLatencyNanos.size()) - 1)) / 1e6;
    }

    public double maxMillis() {
      return sortedLatencyNanos.isEmpty() ? Double.NaN : sortedLatencyNanos.get(sortedLatencyNanos.size() - 1) / 1e6;
    }

    /** {@code requests=1500 p50=1.2ms p99=4.8ms max=12.0ms failures=0}. */
    public String summary() {
      return String.format(Locale.ROOT, "requests=%d p50=%.1fms p99=%.1fms max=%.1fms failures=%d", requests,
          percentileMillis(0.50), percentileMillis(0.99), maxMillis(), failureCount);
    }
  }

  /**
   * Sends GET {@code url} at {@code ratePerSecond} (shared by {@code threads}) for {@code duration}; an answer counts
   * as a failure unless its status is 200 and {@code expected} accepts its body. Each request is bounded by a 10 s
   * timeout.
   */
  public static Result run(String url, Predicate<String> expected, Duration duration, int ratePerSecond, int threads) {
    long intervalNanos = 1_000_000_000L * threads / ratePerSecond;
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    int[] failureCount = new int[1];
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long offset = intervalNanos * t / threads;
      Thread worker = new Thread(() -> {
        for (long next = start + offset; next < end; next += intervalNanos) {
          long wait = next - System.nanoTime();
          if (wait > 0) {
            sleepNanos(wait);
          }
          long sent = System.nanoTime();
          String failure;
          try {
            HttpGet.Response response = HttpGet.get(url, HttpGet.DEFAULT_TIMEOUT);
            failure = response.status() == 200 && expected.test(response.body()) ? null
                : "HTTP " + response.status() + ": " + response.body().strip();
          } catch (RuntimeException e) {
            failure = e.toString();
          }
          latencies.add(System.nanoTime() - sent);
          if (failure != null) {
            synchronized (failureCount) {
              failureCount[0]++;
              if (failures.size() < MAX_FAILURES_KEPT) {
                failures.add(failure);
              }
            }
          }
        }
      }, "http-load-" + t);
      worker.setDaemon(true);
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      try {
        worker.join(duration.toMillis() + 30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted during the load", e);
      }
    }
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    synchronized (failureCount) {
      return new Result(sorted.size(), List.copyOf(sorted), List.copyOf(failures), failureCount[0]);
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      Thread.sleep(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
