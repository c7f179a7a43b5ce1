package io.argus.bootstrap;

/**
 * Epoch time with nanosecond resolution for span timestamps.
 *
 * <p>{@code System.currentTimeMillis()} is too coarse for span durations and {@code Instant.now()} allocates, so the
 * wall clock is read once and advanced with the monotonic {@code System.nanoTime()}. Durations are therefore exact
 * and immune to wall-clock steps; the absolute time can drift from the wall clock by the NTP slew of the process's
 * lifetime, which is why the anchor is refreshed every {@link #REANCHOR_NANOS}.
 */
public final class ArgusClock {
  private static final long REANCHOR_NANOS = 60_000_000_000L;

  private static volatile Anchor anchor = new Anchor();

  private ArgusClock() {}

  public static long nowEpochNanos() {
    return epochNanosAt(System.nanoTime());
  }

  /** The epoch time of a {@code System.nanoTime()} reading just taken: one clock read serves both. */
  public static long epochNanosAt(long nanoTime) {
    Anchor current = anchor;
    if (nanoTime - current.nanoTime > REANCHOR_NANOS) {
      // Benign race: several threads may re-anchor at once; each anchor is self-consistent.
      current = new Anchor();
      anchor = current;
    }
    return current.epochNanos + (nanoTime - current.nanoTime);
  }

  private static final class Anchor {
    final long epochNanos = System.currentTimeMillis() * 1_000_000L;
    final long nanoTime = System.nanoTime();
  }
}
