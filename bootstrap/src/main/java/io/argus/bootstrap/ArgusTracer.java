package io.argus.bootstrap;

import io.argus.bootstrap.propagation.TraceState;
import io.argus.bootstrap.sampling.ParentBasedSampler;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.argus.bootstrap.sampling.Sampler;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The entry point advice calls to start spans. Until the agent {@link #install installs} a sampler and a sink, every
 * span is non-recording, so instrumented code runs unchanged even if the agent failed to start its pipeline.
 */
public final class ArgusTracer {
  private static volatile Sampler sampler = new ParentBasedSampler(ConstantSampler.ALWAYS_ON);
  private static volatile SpanSink sink = SpanSink.DISCARD;
  private static volatile boolean enabled;

  private ArgusTracer() {}

  /** Called once by the agent when its export pipeline is ready. */
  public static void install(Sampler newSampler, SpanSink newSink) {
    sampler = newSampler;
    sink = newSink;
    enabled = true;
  }

  /** Stops recording: later spans are non-recording; spans already started still end normally. */
  public static void uninstall() {
    enabled = false;
    sink = SpanSink.DISCARD;
  }

  public static boolean isEnabled() {
    return enabled;
  }

  public static Sampler sampler() {
    return sampler;
  }

  /** Starts a span whose parent is this thread's current context. */
  public static ArgusSpan startSpan(String name, SpanKind kind) {
    return startSpan(name, kind, ArgusContext.current());
  }

  /**
   * Starts a span with an explicit parent context; pass {@link ArgusContext#ROOT} to start a new trace (as every
   * SERVER span without incoming trace headers must, whatever is left on the thread).
   */
  public static ArgusSpan startSpan(String name, SpanKind kind, ArgusContext parentContext) {
    TracerStats.SPANS_STARTED.increment();
    SpanContext parent = parentContext == null ? null : parentContext.spanContext();
    boolean hasParent = parent != null && parent.isValid();
    long traceIdHigh;
    long traceIdLow;
    TraceState traceState;
    if (hasParent) {
      traceIdHigh = parent.traceIdHigh();
      traceIdLow = parent.traceIdLow();
      traceState = parent.traceState();
    } else {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      traceIdHigh = random.nextLong();
      do {
        traceIdLow = random.nextLong();
      } while (traceIdLow == 0);
      traceState = TraceState.EMPTY;
    }
    long spanId = newSpanId();
    boolean sampled = enabled && sampler.shouldSample(hasParent ? parent : null, traceIdHigh, traceIdLow, name, kind);
    if (sampled) {
      TracerStats.SPANS_SAMPLED.increment();
    }
    SpanContext context =
        new SpanContext(
            traceIdHigh, traceIdLow, spanId, sampled ? SpanContext.FLAG_SAMPLED : 0, traceState, false);
    return new ArgusSpan(
        context,
        hasParent ? parent.spanId() : 0L,
        hasParent && parent.isRemote(),
        name,
        kind,
        sampled,
        sink);
  }

  static long newSpanId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }
}
