package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.OtlpGrpcReceiver;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.OtlpTraceReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spans and their resource reach a real OTLP receiver (decoding with the official opentelemetry-proto classes), over
 * http/protobuf, plain and gzipped, and over gRPC, set the OTel way.
 */
class OtlpExportTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void spansArriveOverHttpProtobuf() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      exportAndVerify(receiver, "http/protobuf", receiver.endpoint(), "none");
      assertThat(receiver.requestLog()).isNotEmpty().allSatisfy(request -> {
        assertThat(request.header("x-api-key")).isEqualTo("secret");
        assertThat(request.header("Content-Encoding")).isNull();
        assertThat(request.header("User-Agent")).startsWith("argus-agent/");
      });
    }
  }

  @Test
  void spansArriveOverHttpProtobufGzipped() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      exportAndVerify(receiver, "http/protobuf", receiver.endpoint(), "gzip");
      assertThat(receiver.requestLog()).isNotEmpty().allSatisfy(request -> {
        assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(request.header("x-api-key")).isEqualTo("secret");
      });
    }
  }

  @Test
  void spansArriveOverGrpc() {
    try (OtlpGrpcReceiver receiver = OtlpGrpcReceiver.listen()) {
      exportAndVerify(receiver, "grpc", receiver.endpoint(), "gzip");
    }
  }

  private static void exportAndVerify(
      OtlpTraceReceiver receiver, String protocol, String endpoint, String compression) {
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 4)
            .env("OTEL_SERVICE_NAME", "owners")
            .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=smoke,team=payments")
            .env("OTEL_TRACES_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
            .env("OTEL_EXPORTER_OTLP_HEADERS", "x-api-key=secret")
            .env("OTEL_EXPORTER_OTLP_COMPRESSION", compression)
            .env("ARGUS_METRICS_PORT", "0")
            .start()) {
      DemoService.awaitReady(demo);

      List<ReceivedSpan> servers =
          receiver.store().awaitSpans(span -> span.name().equals("GET /owners/{id}"), 1, WAIT);
      ReceivedSpan server = servers.get(0);
      assertThat(server.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(server.attribute("http.route")).isEqualTo("/owners/{id}");
      assertThat(server.attribute("http.response.status_code")).isEqualTo("200");
      assertThat(server.scopeName()).isEqualTo("io.argus");
      assertThat(server.resourceAttribute("service.name")).isEqualTo("owners");
      assertThat(server.resourceAttribute("deployment.environment.name")).isEqualTo("smoke");
      assertThat(server.resourceAttribute("team")).isEqualTo("payments");
      assertThat(server.resourceAttribute("telemetry.sdk.language")).isEqualTo("java");
      assertThat(server.resourceAttribute("process.pid")).isEqualTo(String.valueOf(demo.pid()));
      assertThat(server.resourceAttribute("service.instance.id")).isNotBlank();
      assertThat(server.resourceAttribute("host.name")).isNotBlank();

      // The span ids survive the trip: the query's parent is the server span, the server's parent the caller.
      List<ReceivedSpan> all = receiver.store().awaitSpans(span -> span.name().equals("SELECT owners"), 2, WAIT);
      assertThat(all).anySatisfy(query -> assertThat(query.parentSpanId()).isEqualTo(server.spanId()));
      ReceivedSpan caller =
          receiver.store().awaitSpans(span -> span.spanId().equals(server.parentSpanId()), 1, WAIT).get(0);
      assertThat(caller.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(caller.name()).isEqualTo("GET");
      assertThat(caller.attribute("url.full")).isEqualTo("http://127.0.0.1:" + appPort + "/owners/1");
      assertThat(caller.traceId()).isEqualTo(server.traceId());
    }
  }
}
