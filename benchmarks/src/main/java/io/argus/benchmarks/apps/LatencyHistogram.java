package io.argus.benchmarks.apps;

/**
 * Durations in nanoseconds counted in log-linear buckets (16 per power of two: at most 6 % off), so that millions of
 * calls cost a few kilobytes and allocate nothing while recording. Single-threaded.
 */
public final class LatencyHistogram {
  private static final int SUB_BUCKETS = 16;
  private final long[] counts = new long[64 * SUB_BUCKETS];
  private long total;
  private long max;

  public void record(long nanos) {
    long value = Math.max(1, nanos);
    counts[index(value)]++;
    total++;
    max = Math.max(max, value);
  }

  public long count() {
    return total;
  }

  public long max() {
    return max;
  }

  /** The upper bound of the bucket holding the given percentile (0–100), in nanoseconds. */
  public long percentile(double percentile) {
    long rank = (long) Math.ceil(percentile / 100 * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank && seen > 0) {
        return Math.min(upperBound(i), max);
      }
    }
    return max;
  }

  private static int index(long value) {
    int magnitude = 63 - Long.numberOfLeadingZeros(value);
    if (magnitude < 4) {
      return (int) value; // 1..15 exactly
    }
    int sub = (int) ((value >>> (magnitude - 4)) & (SUB_BUCKETS - 1));
    return magnitude * SUB_BUCKETS + sub;
  }

  private static long upperBound(int index) {
    if (index < SUB_BUCKETS) {
      return index;
    }
    int magnitude = index / SUB_BUCKETS;
    long sub = index % SUB_BUCKETS;
    return ((SUB_BUCKETS + sub + 1) << (magnitude - 4)) - 1;
  }
}
