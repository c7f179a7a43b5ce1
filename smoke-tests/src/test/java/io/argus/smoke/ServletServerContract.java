package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every servlet container must show with the agent attached, checked against one JVM per container (the
 * subclasses) running the same servlets and filters (apps/servlet-javax-app, apps/servlet-jakarta-app): two filters
 * on /*, servlets on /owners/* (path), /hello and /health (exact), /fail/* and /async, and a default servlet on /.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ServletServerContract {
  private TracedServer server;

  abstract ServletApps.Server server();

  @BeforeAll
  void startServer() {
    server = new TracedServer(server());
  }

  @AfterAll
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aRequestThroughTwoFiltersIsOneServerSpanNamedByItsServletMappingInTheCallersTrace() {
    String traceId = TracedServer.newTraceId();
    HttpGet.Response response =
        server.get("/owners/7?page=2&access_token=abc", traceId,
            "User-Agent", "smoke-test/1.0", "X-Request-ID", "req-" + traceId);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("owner 7");
    assertThat(response.header("X-Filter-first")).contains("passed");
    assertThat(response.header("X-Filter-second")).contains("passed");
    assertThat(response.header("X-Request-ID")).contains("req-" + traceId);

    List<ReceivedSpan> spans = server.serverSpansOf(traceId);
    assertThat(spans).hasSize(1);
    ReceivedSpan span = spans.get(0);
    assertThat(span.name()).isEqualTo("GET /owners/*");
    assertThat(span.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(span.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(span.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/owners/7")
        .containsEntry("url.query", "page=2&access_token=REDACTED")
        .containsEntry("url.scheme", "http")
        .containsEntry("http.route", "/owners/*")
        .containsEntry("http.response.status_code", "200")
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", String.valueOf(server.port))
        .containsEntry("client.address", "127.0.0.1")
        .containsEntry("user_agent.original", "smoke-test/1.0")
        .containsEntry("network.protocol.version", "1.1")
        .containsEntry("http.request.header.x-request-id", "req-" + traceId);
  }

  @Test
  void aPathOnlyTheDefaultServletServesGetsTheNormalisedRouteAndARequestIdIsGeneratedWhenNoneCame() {
    String traceId = TracedServer.newTraceId();
    HttpGet.Response response = server.get("/items/42", traceId);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("X-Request-ID").orElseThrow()).matches("[0-9a-f-]{36}");
    ReceivedSpan span = server.serverSpansOf(traceId).get(0);
    assertThat(span.name()).isEqualTo("GET /items/{id}");
    assertThat(span.attribute("http.route")).isEqualTo("/items/{id}");
  }

  @Test
  void aServerErrorStatusMarksTheSpanAsAnError() {
    String traceId = TracedServer.newTraceId();
    assertThat(server.get("/fail/status", traceId).status()).isEqualTo(503);

    ReceivedSpan span = server.serverSpansOf(traceId).get(0);
    assertThat(span.name()).isEqualTo("GET /fail/*");
    assertThat(span.attribute("http.response.status_code")).isEqualTo("503");
    assertThat(span.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.eventNames()).isEmpty();
  }

  @Test
  void anExceptionEscapingTheServletIsRecordedAsAnExceptionEventOnTheOneSpanAnswered500() {
    String traceId = TracedServer.newTraceId();
    assertThat(server.get("/fail/exception", traceId).status()).isEqualTo(500);

    List<ReceivedSpan> spans = server.serverSpansOf(traceId);
    assertThat(spans).hasSize(1);
    ReceivedSpan span = spans.get(0);
    assertThat(span.attribute("http.response.status_code")).isEqualTo("500");
    assertThat(span.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.eventNames()).containsExactly("exception");
    Span.Event event = span.span().getEvents(0);
    assertThat(event.getAttributesList())
        .extracting(KeyValue::getKey)
        .contains("exception.type", "exception.message", "exception.stacktrace");
    assertThat(ReceivedSpan.text(attribute(event, "exception.message"))).isEqualTo("owner database is on fire");
  }

  @Test
  void anAsyncRequestEndsWhenItsAsyncContextCompletesNotWhenTheServletReturns() {
    String traceId = TracedServer.newTraceId();
    HttpGet.Response response = server.get("/async", traceId);
    assertThat(response.status()).isEqualTo(202);
    assertThat(response.body()).isEqualTo("async done");

    List<ReceivedSpan> spans = server.serverSpansOf(traceId);
    assertThat(spans).hasSize(1);
    ReceivedSpan span = spans.get(0);
    assertThat(span.name()).isEqualTo("GET /async");
    assertThat(span.attribute("http.response.status_code")).isEqualTo("202");
    assertThat(span.durationNanos()).isGreaterThanOrEqualTo(280_000_000L); // completed 300 ms later
  }

  @Test
  void anExcludedPathAnswersAsUsualWithoutASpan() {
    String excludedTrace = TracedServer.newTraceId();
    String tracedTrace = TracedServer.newTraceId();
    HttpGet.Response excluded = server.get("/health", excludedTrace);
    server.get("/hello", tracedTrace);

    assertThat(excluded.status()).isEqualTo(200);
    assertThat(excluded.body()).isEqualTo("ok");
    // Spans are exported in the order they end: once the later request's span is in, the excluded one would be too.
    assertThat(server.serverSpansOf(tracedTrace).get(0).name()).isEqualTo("GET /hello");
    assertThat(server.serverSpansSoFar(excludedTrace)).isEmpty();
  }

  @Test
  void requestDurationsAreCountedByServletRouteAndNoRequestStaysActive() {
    for (int i = 1; i <= 3; i++) {
      assertThat(server.get("/owners/" + i, TracedServer.newTraceId()).status()).isEqualTo(200);
    }
    assertThat(server.get("/owners/nobody", TracedServer.newTraceId()).status()).isEqualTo(404);

    PrometheusText metrics = server.metrics();
    assertThat(metrics.value("http_server_request_duration_seconds_count",
            "http_request_method", "GET", "http_route", "/owners/*", "http_response_status_code", "200",
            "url_scheme", "http"))
        .isGreaterThanOrEqualTo(3);
    assertThat(metrics.value("http_server_request_duration_seconds_count",
            "http_route", "/owners/*", "http_response_status_code", "404"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics.samples("http_server_request_duration_seconds_count"))
        .extracting(sample -> sample.label("http_route"))
        .doesNotContain("/owners/1", "/owners/2", "/owners/3", "/owners/nobody");
    assertThat(metrics.value("http_server_active_requests", "http_request_method", "GET", "url_scheme", "http"))
        .isZero();
  }

  private static io.opentelemetry.proto.common.v1.AnyValue attribute(Span.Event event, String key) {
    return event.getAttributesList().stream()
        .filter(kv -> kv.getKey().equals(key))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " on " + event))
        .getValue();
  }
}
