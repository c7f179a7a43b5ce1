package io.argus.smoke.harness;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real SpanData made with the real OpenTelemetry SDK, for feeding the receivers in the harness's self-tests. */
final class SdkTestSpans {

  static final String SCOPE = "io.argus.smoke.harness.selftest";
  static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
  static final AttributeKey<String> RESOURCE_MARKER = AttributeKey.stringKey("argus.selftest.resource");
  static final AttributeKey<String> SPAN_MARKER = AttributeKey.stringKey("argus.selftest.span");
  static final AttributeKey<Long> SPAN_NUMBER = AttributeKey.longKey("argus.selftest.number");

  private SdkTestSpans() {}

  static Resource resource(String marker) {
    return Resource.getDefault().merge(Resource.create(Attributes.of(
        SERVICE_NAME, "harness-selftest", RESOURCE_MARKER, marker)));
  }

  /** A parent span and one child, ended, captured as SpanData (child first, as the SDK ends them). */
  static List<SpanData> parentAndChild(Resource resource, String parentName, String childName) {
    List<SpanData> captured = new ArrayList<>();
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(new Capture(captured)))
        .build();
    try {
      Tracer tracer = provider.get(SCOPE, "1.0");
      Span parent = tracer.spanBuilder(parentName).setSpanKind(SpanKind.SERVER)
          .setAttribute(SPAN_MARKER, "parent").setAttribute(SPAN_NUMBER, 1L).startSpan();
      try (Scope ignored = parent.makeCurrent()) {
        tracer.spanBuilder(childName).setSpanKind(SpanKind.CLIENT)
            .setAttribute(SPAN_MARKER, "child \"quoted\" ü").setAttribute(SPAN_NUMBER, 2L).startSpan().end();
      } finally {
        parent.end();
      }
    } finally {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
    return List.copyOf(captured);
  }

  private record Capture(List<SpanData> into) implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      synchronized (into) {
        into.addAll(spans);
      }
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
