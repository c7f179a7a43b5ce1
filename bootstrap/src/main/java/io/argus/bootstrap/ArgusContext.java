package io.argus.bootstrap;

import io.argus.bootstrap.propagation.Baggage;

/**
 * What travels with a unit of work: the current span (local, or only the ids of a remote parent) and the W3C
 * baggage. Immutable; the current one per thread lives in a thread-local. Executors capture it with
 * {@link #current()} on submit and restore it with {@link #makeCurrent()} in the worker.
 */
public final class ArgusContext {
  public static final ArgusContext ROOT = new ArgusContext(null, null, Baggage.EMPTY, null);

  private static final ThreadLocal<ArgusContext> CURRENT = new ThreadLocal<ArgusContext>();

  private final SpanContext spanContext;
  private final ArgusSpan span;
  private final Baggage baggage;
  private final String requestId;

  private ArgusContext(SpanContext spanContext, ArgusSpan span, Baggage baggage, String requestId) {
    this.spanContext = spanContext;
    this.span = span;
    this.baggage = baggage == null ? Baggage.EMPTY : baggage;
    this.requestId = requestId;
  }

  /** The context of this thread, {@link #ROOT} when nothing is current. */
  public static ArgusContext current() {
    ArgusContext context = CURRENT.get();
    return context == null ? ROOT : context;
  }

  static void setCurrent(ArgusContext context) {
    // null, not ROOT, leaves no agent object on pooled and virtual threads between tasks. set(null), not remove():
    // the next get() would create the thread's entry again (ThreadLocal.setInitialValue), a WeakReference per span.
    CURRENT.set(context == ROOT ? null : context);
  }

  /** A context whose parent is a span extracted from incoming headers. */
  public static ArgusContext remote(SpanContext remoteParent, Baggage baggage) {
    return new ArgusContext(remoteParent, null, baggage, null);
  }

  public ArgusContext with(ArgusSpan newSpan) {
    return new ArgusContext(newSpan.spanContext(), newSpan, baggage, requestId);
  }

  public ArgusContext with(Baggage newBaggage) {
    return new ArgusContext(spanContext, span, newBaggage, requestId);
  }

  /** The id of the HTTP request this work belongs to (X-Request-ID), kept for every span and log line under it. */
  public ArgusContext withRequestId(String id) {
    return new ArgusContext(spanContext, span, baggage, id);
  }

  /** The request id set by the HTTP server instrumentation, or null. */
  public String requestId() {
    return requestId;
  }

  /** The ids of the current span, or null at the root. */
  public SpanContext spanContext() {
    return spanContext;
  }

  /** The current local span, or null (root, or only a remote parent). */
  public ArgusSpan span() {
    return span;
  }

  public Baggage baggage() {
    return baggage;
  }

  public boolean isRoot() {
    return spanContext == null && baggage.isEmpty() && requestId == null;
  }

  public Scope makeCurrent() {
    ArgusContext previous = CURRENT.get();
    if (previous == this) {
      return Scope.NOOP;
    }
    setCurrent(this);
    return new Scope(previous, this);
  }
}
