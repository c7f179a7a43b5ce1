package io.argus.agent.export;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;

/**
 * The ids of an exported span as OpenTelemetry's {@link SpanContext}. {@code SpanContext.create} checks every id it is
 * given character by character, which on the export thread cost as much as building the rest of the span's data;
 * these ids need no check: the agent made them itself, from non-zero numbers, or parsed them from a {@code
 * traceparent} header that it validated then.
 */
final class ExportedSpanContext implements SpanContext {
  private final String traceId;
  private final String spanId;
  private final TraceFlags flags;
  private final TraceState state;
  private final boolean remote;

  ExportedSpanContext(String traceId, String spanId, TraceFlags flags, TraceState state, boolean remote) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.flags = flags;
    this.state = state;
    this.remote = remote;
  }

  @Override
  public String getTraceId() {
    return traceId;
  }

  @Override
  public String getSpanId() {
    return spanId;
  }

  @Override
  public TraceFlags getTraceFlags() {
    return flags;
  }

  @Override
  public TraceState getTraceState() {
    return state;
  }

  @Override
  public boolean isValid() {
    return true;
  }

  @Override
  public boolean isRemote() {
    return remote;
  }

  /** Equal to any SpanContext with the same ids, flags, state and remoteness. */
  @Override
  public boolean equals(Object other) {
    if (!(other instanceof SpanContext)) {
      return false;
    }
    SpanContext that = (SpanContext) other;
    return traceId.equals(that.getTraceId())
        && spanId.equals(that.getSpanId())
        && flags.equals(that.getTraceFlags())
        && state.equals(that.getTraceState())
        && remote == that.isRemote()
        && that.isValid();
  }

  @Override
  public int hashCode() {
    return (traceId.hashCode() * 31 + spanId.hashCode()) * 31 + flags.hashCode();
  }

  @Override
  public String toString() {
    return "SpanContext{traceId=" + traceId + ", spanId=" + spanId + ", traceFlags=" + flags + ", traceState="
        + state + ", remote=" + remote + ", valid=true}";
  }
}
