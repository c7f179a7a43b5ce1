package io.argus.bootstrap.sampling;

import io.argus.bootstrap.SpanContext;
import io.argus.bootstrap.SpanKind;

/**
 * Decides at span start whether a span is recorded and exported. Called on the application thread: implementations
 * are immutable and allocation-free.
 */
public interface Sampler {
  /**
   * @param parent the parent span's ids, or null for a root span
   * @param traceIdHigh the high 64 bits of the (new or inherited) trace id
   * @param traceIdLow the low 64 bits, the random part that ratio sampling looks at
   */
  boolean shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind);

  /** A description in OpenTelemetry's notation, e.g. {@code ParentBased{root:TraceIdRatioBased{0.25}}}. */
  String description();
}
