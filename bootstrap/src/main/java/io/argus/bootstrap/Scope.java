package io.argus.bootstrap;

/**
 * Restores the context that was current before {@link ArgusContext#makeCurrent()}. Close it on the same thread, in
 * reverse order of opening (try-with-resources, or the exit advice of the method that opened it).
 */
public final class Scope implements AutoCloseable {
  static final Scope NOOP = new Scope(null, null);

  private final ArgusContext previous;
  private final ArgusContext attached;

  Scope(ArgusContext previous, ArgusContext attached) {
    this.previous = previous;
    this.attached = attached;
  }

  @Override
  public void close() {
    if (attached == null) {
      return;
    }
    // Only restore when this scope is still the innermost one; a scope closed out of order must not resurrect a
    // context another scope has already replaced.
    if (ArgusContext.current() == attached) {
      ArgusContext.setCurrent(previous);
    }
  }
}
