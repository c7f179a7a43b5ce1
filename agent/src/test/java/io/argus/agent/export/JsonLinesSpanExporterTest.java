package io.argus.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanSink;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLinesSpanExporterTest {
  @AfterEach
  void uninstall() {
    ArgusTracer.uninstall();
  }

  private static SpanData endedSpan(String name, String attributeValue) {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
    ArgusSpan span = ArgusTracer.startSpan(name, SpanKind.SERVER, ArgusContext.ROOT);
    span.setAttribute("http.route", attributeValue);
    span.setAttribute("http.response.status_code", 200L);
    span.end();
    return new ArgusSpanData(
        span, Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "orders")));
  }

  @Test
  void eachSpanIsOneLineWithTheDocumentedFields() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    JsonLinesSpanExporter exporter = new JsonLinesSpanExporter(new PrintStream(bytes, true), false);

    exporter.export(List.of(endedSpan("GET /a", "/a"), endedSpan("GET /b", "line\nbreak \"quoted\"")));

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0])
        .startsWith("{\"timestamp\":\"")
        .contains("\"trace_id\":\"", "\"span_id\":\"", "\"parent_span_id\":null", "\"name\":\"GET /a\"")
        .contains("\"kind\":\"SERVER\"", "\"status\":\"UNSET\"", "\"duration_ms\":")
        .contains("\"attributes\":{", "\"http.response.status_code\":200", "\"events\":[]")
        .contains("\"resource\":{\"service.name\":\"orders\"}");
    assertThat(lines[1]).contains("\"http.route\":\"line\\nbreak \\\"quoted\\\"\"");
  }
}
