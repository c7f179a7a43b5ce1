package io.argus.bootstrap.sampling;

import io.argus.bootstrap.SpanContext;
import io.argus.bootstrap.SpanKind;

/**
 * {@code parentbased_*}: follows the parent's sampled flag so a trace is kept or dropped whole, and asks the root
 * sampler only for spans without a parent.
 */
public final class ParentBasedSampler implements Sampler {
  private final Sampler root;

  public ParentBasedSampler(Sampler root) {
    this.root = root;
  }

  @Override
  public boolean shouldSample(SpanContext parent, long traceIdHigh, long traceIdLow, String name, SpanKind kind) {
    if (parent == null || !parent.isValid()) {
      return root.shouldSample(parent, traceIdHigh, traceIdLow, name, kind);
    }
    return parent.isSampled();
  }

  @Override
  public String description() {
    return "ParentBased{root:" + root.description() + "}";
  }
}
