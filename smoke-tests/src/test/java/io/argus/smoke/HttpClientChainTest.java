package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Service → service → service in three JVMs, each with the agent and no tracing code: two http-clients apps
 * ("frontend" and "gateway") and the demo "owners" service. One request to the frontend becomes one trace: each
 * SERVER span is the child of the CLIENT span that called it, across process boundaries, through whichever client
 * library made the call.
 */
class HttpClientChainTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CALLER_PARENT_ID = "00f067aa0ba902b7";

  @Test
  void aRequestCrossingThreeServicesInThreeJvmsIsOneTraceLinkedClientToServerAtEveryHop() {
    int ownersPort = AgentJvm.freePort();
    // Started one after the other: three JVMs starting at once on a small machine can take long.
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm owners =
            startAndAwait(withExport(DemoService.withTraffic(ownersPort, 0), receiver, "owners"), "DEMO READY");
        AgentJvm gateway =
            startAndAwait(
                withExport(HttpClientsApp.builder("gateway", HttpClientsApp.CURRENT_LIBRARIES), receiver, "gateway"),
                HttpClientsApp.READY);
        AgentJvm frontend =
            startAndAwait(
                withExport(HttpClientsApp.builder("frontend", HttpClientsApp.CURRENT_LIBRARIES), receiver, "frontend"),
                HttpClientsApp.READY)) {
      int gatewayPort = HttpClientsApp.awaitPort(gateway);
      int frontendPort = HttpClientsApp.awaitPort(frontend);

      // Two journeys, each through a different pair of client libraries.
      String[][] journeys = {
        {"okhttp", "jdk-httpclient-async", "4bf92f3577b34da6a3ce929d0e0e4736"},
        {"apache-httpclient5", "urlconnection", "5cf92f3577b34da6a3ce929d0e0e4737"},
      };
      for (String[] journey : journeys) {
        String frontendClient = journey[0];
        String gatewayClient = journey[1];
        String traceId = journey[2];
        String ownersUrl = "http://127.0.0.1:" + ownersPort + "/owners/1";
        String gatewayUrl = HttpClientsApp.callUrl(gatewayPort, gatewayClient, ownersUrl);

        String answer =
            HttpClientsApp.call(
                frontendPort,
                frontendClient,
                gatewayUrl,
                Map.of("traceparent", "00-" + traceId + "-" + CALLER_PARENT_ID + "-01"));
        assertThat(answer).isEqualTo("status=200");

        ReceivedSpan frontendServer = only(receiver, traceId, "frontend", Span.SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan frontendClientSpan = only(receiver, traceId, "frontend", Span.SpanKind.SPAN_KIND_CLIENT);
        ReceivedSpan gatewayServer = only(receiver, traceId, "gateway", Span.SpanKind.SPAN_KIND_SERVER);
        ReceivedSpan gatewayClientSpan = only(receiver, traceId, "gateway", Span.SpanKind.SPAN_KIND_CLIENT);
        ReceivedSpan ownersServer = only(receiver, traceId, "owners", Span.SpanKind.SPAN_KIND_SERVER);

        assertThat(frontendServer.name()).isEqualTo("GET /call");
        assertThat(frontendServer.parentSpanId()).isEqualTo(CALLER_PARENT_ID);
        assertThat(frontendClientSpan.parentSpanId()).isEqualTo(frontendServer.spanId());
        assertThat(frontendClientSpan.attribute("url.full")).isEqualTo(gatewayUrl);
        assertThat(gatewayServer.name()).isEqualTo("GET /call");
        assertThat(gatewayServer.parentSpanId()).isEqualTo(frontendClientSpan.spanId());
        assertThat(gatewayClientSpan.parentSpanId()).isEqualTo(gatewayServer.spanId());
        assertThat(gatewayClientSpan.attribute("url.full")).isEqualTo(ownersUrl);
        assertThat(ownersServer.name()).isEqualTo("GET /owners/{id}");
        assertThat(ownersServer.parentSpanId()).isEqualTo(gatewayClientSpan.spanId());
        assertThat(List.of(frontendClientSpan, gatewayClientSpan))
            .allSatisfy(client -> assertThat(client.attribute("http.response.status_code")).isEqualTo("200"));
      }
    }
  }

  private static AgentJvm startAndAwait(AgentJvm.Builder builder, String readyLine) {
    AgentJvm jvm = builder.start();
    try {
      jvm.awaitStdout(readyLine, HttpClientsApp.STARTUP);
      return jvm;
    } catch (RuntimeException | AssertionError e) {
      jvm.close();
      throw e;
    }
  }

  private static AgentJvm.Builder withExport(AgentJvm.Builder builder, OtlpHttpReceiver receiver, String service) {
    return builder
        .env("OTEL_SERVICE_NAME", service)
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("ARGUS_EXPORT_DELAY", "500")
        .env("ARGUS_METRICS_PORT", "0");
  }

  /** The one span of this trace, service and kind (waiting for it to arrive). */
  private static ReceivedSpan only(
      OtlpHttpReceiver receiver, String traceId, String service, Span.SpanKind kind) {
    List<ReceivedSpan> matching =
        receiver.store()
            .awaitSpans(
                s -> s.traceId().equals(traceId)
                    && s.kind() == kind
                    && service.equals(s.resourceAttribute("service.name")),
                1,
                WAIT);
    assertThat(matching).as("%s spans of %s in trace %s", kind, service, traceId).hasSize(1);
    return matching.get(0);
  }
}
