package io.argus.bootstrap;

import io.argus.bootstrap.propagation.TraceState;
import io.argus.bootstrap.sampling.ParentBasedSampler;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.argus.bootstrap.sampling.Sampler;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The entry point advice calls to start spans. Until the agent {@link #install installs} a sampler and a sink, every
 * span is non-recording, so instrumented code runs unchanged even if the agent failed to start its pipeline.
 *
 * <p>Recording can also be {@link #pauseRecording paused} (the agent's circuit breaker does so under queue overflow or
 * heap pressure, and the shutdown flush does so to drain a finite queue): while paused the sampler is not asked,
 * every new span is non-recording, and metrics, which never depend on spans being recorded, carry on. Whether a span
 * may be recorded at all is the single volatile read of {@link #recording} on the hot path.
 */
public final class ArgusTracer {
  private static volatile Sampler sampler = new ParentBasedSampler(ConstantSampler.ALWAYS_ON);
  private static volatile SpanSink sink = SpanSink.DISCARD;
  private static volatile boolean enabled;
  private static volatile boolean paused;
  /** enabled && !paused, kept by the (rare, synchronized) writers so that starting a span reads one field. */
  private static volatile boolean recording;

  private ArgusTracer() {}

  /** Called once by the agent when its export pipeline is ready. */
  public static synchronized void install(Sampler newSampler, SpanSink newSink) {
    sampler = newSampler;
    sink = newSink;
    enabled = true;
    paused = false;
    recording = true;
  }

  /** Stops recording: later spans are non-recording; spans already started still end normally. */
  public static synchronized void uninstall() {
    enabled = false;
    paused = false;
    recording = false;
    sink = SpanSink.DISCARD;
  }

  /**
   * Later spans are non-recording until {@link #resumeRecording}; spans already started still end and are queued.
   * Spans started meanwhile are counted in {@link TracerStats#SPANS_NOT_RECORDED_PAUSED}.
   */
  public static synchronized void pauseRecording() {
    paused = true;
    recording = false;
  }

  /** Undoes {@link #pauseRecording}; no effect on a tracer that is not installed. */
  public static synchronized void resumeRecording() {
    paused = false;
    recording = enabled;
  }

  public static boolean isEnabled() {
    return enabled;
  }

  /** True while {@link #pauseRecording paused}. */
  public static boolean isPaused() {
    return paused;
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
    boolean sampled;
    if (recording) {
      sampled = sampler.shouldSample(hasParent ? parent : null, traceIdHigh, traceIdLow, name, kind);
      if (sampled) {
        TracerStats.SPANS_SAMPLED.increment();
      }
    } else {
      sampled = false;
      if (paused) { // off the common path: only read when recording is off
        TracerStats.SPANS_NOT_RECORDED_PAUSED.increment();
      }
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
