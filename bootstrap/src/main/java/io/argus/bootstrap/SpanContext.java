package io.argus.bootstrap;

import io.argus.bootstrap.propagation.TraceState;

/**
 * The identity of a span as W3C Trace Context sees it. Ids stay as longs until an exporter or a header needs text,
 * so the hot path never formats hex.
 */
public final class SpanContext {
  public static final byte FLAG_SAMPLED = 0x01;

  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final byte traceFlags;
  private final TraceState traceState;
  private final boolean remote;

  public SpanContext(
      long traceIdHigh, long traceIdLow, long spanId, byte traceFlags, TraceState traceState, boolean remote) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.traceFlags = traceFlags;
    this.traceState = traceState == null ? TraceState.EMPTY : traceState;
    this.remote = remote;
  }

  public long traceIdHigh() {
    return traceIdHigh;
  }

  public long traceIdLow() {
    return traceIdLow;
  }

  public long spanId() {
    return spanId;
  }

  public byte traceFlags() {
    return traceFlags;
  }

  public boolean isSampled() {
    return (traceFlags & FLAG_SAMPLED) != 0;
  }

  public TraceState traceState() {
    return traceState;
  }

  /** True when this context was extracted from an incoming request rather than created in this JVM. */
  public boolean isRemote() {
    return remote;
  }

  /** W3C: a trace id or span id of all zeroes is invalid. */
  public boolean isValid() {
    return (traceIdHigh != 0 || traceIdLow != 0) && spanId != 0;
  }

  @Override
  public String toString() {
    return "SpanContext{" + io.argus.bootstrap.propagation.TraceparentCodec.format(this) + ", remote=" + remote + "}";
  }
}
