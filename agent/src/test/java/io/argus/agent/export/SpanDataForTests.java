package io.argus.agent.export;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanSink;
import io.argus.bootstrap.SpanStatus;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Real ended spans, converted the way the export thread converts them, for tests of what consumes SpanData. */
public final class SpanDataForTests {
  private static final Resource RESOURCE =
      Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "test-service"));

  private SpanDataForTests() {}

  /** An ended span as the export thread sees it. */
  public static ArgusSpanData exported(ArgusSpan span) {
    return new ArgusSpanData(span, RESOURCE);
  }

  public static ArgusSpanData root(String name, long durationNanos, boolean error) {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
    try {
      ArgusSpan span = ArgusTracer.startSpan(name, SpanKind.SERVER, ArgusContext.ROOT);
      if (error) {
        span.setStatus(SpanStatus.ERROR, "failed");
      }
      span.endAt(span.startEpochNanos() + durationNanos);
      return new ArgusSpanData(span, RESOURCE);
    } finally {
      ArgusTracer.uninstall();
    }
  }

  public static ArgusSpanData child(SpanData parent, String name) {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
    try {
      io.argus.bootstrap.SpanContext parentIds =
          io.argus.bootstrap.propagation.TraceparentCodec.parse(
              "00-" + parent.getTraceId() + "-" + parent.getSpanId() + "-01");
      ArgusSpan span = ArgusTracer.startSpan(name, SpanKind.CLIENT, ArgusContext.remote(parentIds, null));
      span.end();
      return new ArgusSpanData(span, RESOURCE);
    } finally {
      ArgusTracer.uninstall();
    }
  }
}
