package io.argus.bootstrap.capabilities;

import java.util.Arrays;

/**
 * Values fixed when a method is instrumented (capture plans, call sites) that its inlined advice refers to by index.
 * Append-only: adding happens at instrumentation time under a lock, and a call reads one array slot without one.
 */
final class AdviceTable<T> {
  private final Object lock = new Object();
  private volatile Object[] values = new Object[0];

  /** Adds a value; returns its index. */
  int add(T value) {
    synchronized (lock) {
      Object[] grown = Arrays.copyOf(values, values.length + 1);
      grown[values.length] = value;
      values = grown;
      return grown.length - 1;
    }
  }

  /** The value at this index, or null for a negative or unknown one. */
  @SuppressWarnings("unchecked")
  T get(int index) {
    Object[] current = values;
    return index >= 0 && index < current.length ? (T) current[index] : null;
  }
}
