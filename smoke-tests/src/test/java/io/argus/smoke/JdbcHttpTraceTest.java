package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HTTP → JDBC in one trace with no tracing code on either side (apps/demo-service: JDK HttpServer + H2): the query
 * made while serving a request is a CLIENT span whose parent is the request's SERVER span.
 */
class JdbcHttpTraceTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

  @Test
  void aQueryMadeWhileServingARequestIsAChildOfTheServerSpanInTheCallersTrace() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm demo = DemoService.withTraffic(appPort, 0)
            .env("OTEL_TRACES_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .start()) {
      DemoService.awaitReady(demo);

      HttpGet.Response response = HttpGet.get(URI.create("http://127.0.0.1:" + appPort + "/owners/1"),
          Map.of("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01"), WAIT);
      assertThat(response.status()).isEqualTo(200);

      ReceivedSpan server = receiver.store().awaitSpans(span -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER
          && span.traceId().equals(TRACE_ID), 1, WAIT).get(0);
      List<ReceivedSpan> queries = receiver.store().awaitSpans(span -> span.name().equals("SELECT owners")
          && span.parentSpanId().equals(server.spanId()), 1, WAIT);
      // The demo still wraps the call in a hand-made span of the same name (opened before it gets its connection);
      // the instrumentation's span covers executeQuery only, so it is the one that starts last, inside the other.
      ReceivedSpan query = queries.stream()
          .max(Comparator.comparingLong(span -> span.span().getStartTimeUnixNano())).get();
      assertThat(query.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
      assertThat(query.traceId()).isEqualTo(TRACE_ID);
      assertThat(query.attributes())
          .containsEntry("db.system.name", "h2")
          .containsEntry("db.namespace", "demo")
          .containsEntry("db.operation.name", "SELECT")
          .containsEntry("db.collection.name", "owners")
          .containsEntry("db.query.text", "SELECT id, name, city FROM owners WHERE id = ?");
      for (ReceivedSpan other : queries) {
        assertThat(other.span().getStartTimeUnixNano()).isLessThanOrEqualTo(query.span().getStartTimeUnixNano());
        assertThat(other.span().getEndTimeUnixNano()).isGreaterThanOrEqualTo(query.span().getEndTimeUnixNano());
      }
      assertThat(server.span().getStartTimeUnixNano()).isLessThanOrEqualTo(query.span().getStartTimeUnixNano());
      assertThat(server.span().getEndTimeUnixNano()).isGreaterThanOrEqualTo(query.span().getEndTimeUnixNano());

      // Only the instrumentation feeds the histogram: exactly the one query of that one request.
      PrometheusText metrics =
          PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics", WAIT).body());
      assertThat(metrics.value("db_client_operation_duration_seconds_count", "db_system_name", "h2",
          "db_operation_name", "SELECT", "db_collection_name", "owners")).isEqualTo(1);
    }
  }
}
