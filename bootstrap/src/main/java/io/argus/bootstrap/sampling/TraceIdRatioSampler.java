package io.argus.bootstrap.sampling;

import io.argus.bootstrap.SpanContext;
import io.argus.bootstrap.SpanKind;

/**
 * {@code traceidratio}: samples a fixed fraction of traces, decided from the trace id alone so that every service
 * sampling at the same ratio keeps the same traces. Same rule as the OpenTelemetry SDKs: the low 64 bits of the trace
 * id (the random part, W3C Trace Context Level 2 §3.2.2.3) as a non-negative long, compared with ratio × 2^63.
 */
public final class TraceIdRatioSampler implements Sampler {
  private final double ratio;
  private final long upperBound;

  public TraceIdRatioSampler(double ratio) {
    if (!(ratio >= 0.0 && ratio <= 1.0)) {
      throw new IllegalArgumentException("ratio must be in [0, 1], got " + ratio);
    }
    this.ratio = ratio;
    if (ratio == 0.0) {
      this.upperBound = Long.MIN_VALUE;
    } else if (ratio == 1.0) {
      this.upperBound = Long.MAX_VALUE;
    } else {
      this.upperBound = (long) (ratio * Long.MAX_VALUE);
    }
  }

  @Override
  public boolean shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind) {
    if (upperBound == Long.MAX_VALUE) {
      return true;
    }
    // Math.abs(Long.MIN_VALUE) stays negative; it is below any bound except the 0-ratio one, which is what we want.
    return Math.abs(traceIdLow) < upperBound;
  }

  public double ratio() {
    return ratio;
  }

  @Override
  public String description() {
    return "TraceIdRatioBased{" + ratio + "}";
  }
}
