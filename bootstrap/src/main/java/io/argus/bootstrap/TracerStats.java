package io.argus.bootstrap;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters updated on application threads. {@link LongAdder} stripes its cells, so concurrent increments do not
 * contend on one cache line; the agent reads the sums for {@code /metrics} and {@code /status}.
 */
public final class TracerStats {
  public static final LongAdder SPANS_STARTED = new LongAdder();
  public static final LongAdder SPANS_SAMPLED = new LongAdder();
  public static final LongAdder SPANS_ENDED = new LongAdder();
  /** Spans started while recording was paused (circuit breaker or shutdown), hence never recorded. */
  public static final LongAdder SPANS_NOT_RECORDED_PAUSED = new LongAdder();

  private TracerStats() {}
}
