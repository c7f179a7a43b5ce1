package io.argus.bootstrap;

/**
 * A per-thread nesting counter for one instrumentation, so that a library calling itself internally (a driver's
 * {@code executeQuery} calling its own {@code execute}, a servlet filter chain, a client wrapping another) produces one
 * span: the outermost call records, the nested ones see a depth above zero and do nothing.
 *
 * <pre>
 * enter: if (DEPTH.increment() > 0) return;   // nested
 * exit:  if (DEPTH.decrement() > 0) return;   // still nested
 * </pre>
 */
public final class CallDepth {
  private final ThreadLocal<int[]> depth =
      new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
          return new int[1];
        }
      };

  /** Increments and returns the depth before the increment: 0 for the outermost call. */
  public int increment() {
    return depth.get()[0]++;
  }

  /** The current depth: 0 outside any call, 1 inside the outermost, ... */
  public int current() {
    return depth.get()[0];
  }

  /** Decrements and returns the depth after the decrement: 0 when the outermost call is leaving. */
  public int decrement() {
    int[] value = depth.get();
    if (value[0] > 0) {
      value[0]--;
    }
    return value[0];
  }
}
