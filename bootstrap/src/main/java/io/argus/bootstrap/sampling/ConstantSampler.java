package io.argus.bootstrap.sampling;

import io.argus.bootstrap.SpanContext;
import io.argus.bootstrap.SpanKind;

/** {@code always_on} and {@code always_off}. */
public final class ConstantSampler implements Sampler {
  public static final ConstantSampler ALWAYS_ON = new ConstantSampler(true);
  public static final ConstantSampler ALWAYS_OFF = new ConstantSampler(false);

  private final boolean decision;

  private ConstantSampler(boolean decision) {
    this.decision = decision;
  }

  @Override
  public boolean shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind) {
    return decision;
  }

  @Override
  public String description() {
    return decision ? "AlwaysOnSampler" : "AlwaysOffSampler";
  }
}
