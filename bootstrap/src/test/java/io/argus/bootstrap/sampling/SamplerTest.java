package io.argus.bootstrap.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.bootstrap.SpanContext;
import io.argus.bootstrap.SpanKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final SpanContext SAMPLED_PARENT = new SpanContext(1, 2, 3, SpanContext.FLAG_SAMPLED, null, true);
  private static final SpanContext UNSAMPLED_PARENT = new SpanContext(1, 2, 3, (byte) 0, null, true);

  @Test
  void alwaysOnAndAlwaysOffIgnoreTheParent() {
    assertThat(ConstantSampler.ALWAYS_ON.shouldSample(UNSAMPLED_PARENT, 1, 2, "x", SpanKind.SERVER)).isTrue();
    assertThat(ConstantSampler.ALWAYS_OFF.shouldSample(SAMPLED_PARENT, 1, 2, "x", SpanKind.SERVER)).isFalse();
  }

  @Test
  void parentBasedFollowsTheParentsSampledFlag() {
    Sampler sampler = new ParentBasedSampler(ConstantSampler.ALWAYS_OFF);

    assertThat(sampler.shouldSample(SAMPLED_PARENT, 1, 2, "x", SpanKind.SERVER)).isTrue();
    assertThat(new ParentBasedSampler(ConstantSampler.ALWAYS_ON)
            .shouldSample(UNSAMPLED_PARENT, 1, 2, "x", SpanKind.SERVER))
        .isFalse();
  }

  @Test
  void parentBasedAsksTheRootSamplerForRootSpans() {
    assertThat(new ParentBasedSampler(ConstantSampler.ALWAYS_OFF).shouldSample(null, 1, 2, "x", SpanKind.SERVER))
        .isFalse();
    assertThat(new ParentBasedSampler(ConstantSampler.ALWAYS_ON).shouldSample(null, 1, 2, "x", SpanKind.SERVER))
        .isTrue();
  }

  @Test
  void ratioSamplerKeepsRoughlyTheConfiguredFractionOfRandomTraces() {
    TraceIdRatioSampler sampler = new TraceIdRatioSampler(0.25);
    SplittableRandom random = new SplittableRandom(42);
    int sampled = 0;
    int total = 100_000;
    for (int i = 0; i < total; i++) {
      if (sampler.shouldSample(null, random.nextLong(), random.nextLong(), "x", SpanKind.SERVER)) {
        sampled++;
      }
    }
    assertThat(sampled / (double) total).isBetween(0.24, 0.26);
  }

  @Test
  void ratioSamplerDecidesFromTheTraceIdAloneSoEveryServiceAgrees() {
    TraceIdRatioSampler sampler = new TraceIdRatioSampler(0.5);
    long traceIdLow = 0x1234_5678_9abc_def0L;

    boolean first = sampler.shouldSample(null, 7, traceIdLow, "a", SpanKind.SERVER);
    boolean second = sampler.shouldSample(null, 7, traceIdLow, "b", SpanKind.CLIENT);
    assertThat(first).isEqualTo(second);
  }

  @Test
  void ratioZeroSamplesNothingAndRatioOneSamplesEverything() {
    assertThat(new TraceIdRatioSampler(0).shouldSample(null, 0, Long.MIN_VALUE, "x", SpanKind.SERVER)).isFalse();
    assertThat(new TraceIdRatioSampler(0).shouldSample(null, 0, 1, "x", SpanKind.SERVER)).isFalse();
    assertThat(new TraceIdRatioSampler(1).shouldSample(null, 0, Long.MAX_VALUE, "x", SpanKind.SERVER)).isTrue();
  }

  @Test
  void ratioOutsideZeroToOneIsRejected() {
    assertThatThrownBy(() -> new TraceIdRatioSampler(2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TraceIdRatioSampler(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void descriptionsUseOpenTelemetryNotation() {
    assertThat(new ParentBasedSampler(new TraceIdRatioSampler(0.5)).description())
        .isEqualTo("ParentBased{root:TraceIdRatioBased{0.5}}");
  }
}
