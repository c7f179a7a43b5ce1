package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spring Boot 3.5 (Spring MVC 6.2 on embedded Tomcat 10.1, apps/spring-boot-app) with the agent: the SERVER span the
 * servlet layer records carries the route Spring's handler mapping matched, through its filters, error handling and
 * async request processing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpringMvcTest {
  private TracedServer server;

  @BeforeAll
  void startApp() {
    server = new TracedServer(ServletApps.SPRING_BOOT);
  }

  @AfterAll
  void stopApp() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aControllerRequestIsOneServerSpanNamedByTheHandlersPatternInTheCallersTrace() {
    String traceId = TracedServer.newTraceId();
    HttpGet.Response response =
        server.get("/owners/7?page=2&session=s3cr3t", traceId,
            "User-Agent", "smoke-test/1.0", "X-Request-ID", "req-" + traceId);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("owner 7");
    assertThat(response.header("X-Request-ID")).contains("req-" + traceId);
    // Spring Boot puts several filters in front of the DispatcherServlet: still one span.
    List<ReceivedSpan> spans = server.serverSpansOf(traceId);
    assertThat(spans).hasSize(1);
    ReceivedSpan span = spans.get(0);
    assertThat(span.name()).isEqualTo("GET /owners/{ownerId}");
    assertThat(span.parentSpanId()).isEqualTo("00f067aa0ba902b7");
    assertThat(span.attributes())
        .containsEntry("http.request.method", "GET")
        .containsEntry("url.path", "/owners/7")
        .containsEntry("url.query", "page=2&session=REDACTED")
        .containsEntry("url.scheme", "http")
        .containsEntry("http.route", "/owners/{ownerId}")
        .containsEntry("http.response.status_code", "200")
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", String.valueOf(server.port))
        .containsEntry("client.address", "127.0.0.1")
        .containsEntry("user_agent.original", "smoke-test/1.0")
        .containsEntry("network.protocol.version", "1.1")
        .containsEntry("http.request.header.x-request-id", "req-" + traceId);
  }

  @Test
  void nestedPathVariablesKeepTheirTemplate() {
    String traceId = TracedServer.newTraceId();
    assertThat(server.get("/owners/7/pets/3", traceId).status()).isEqualTo(200);

    ReceivedSpan span = server.serverSpansOf(traceId).get(0);
    assertThat(span.name()).isEqualTo("GET /owners/{ownerId}/pets/{petId}");
    assertThat(span.attribute("http.route")).isEqualTo("/owners/{ownerId}/pets/{petId}");
  }

  @Test
  void aServerErrorResponseFromAControllerMarksTheSpanAsAnError() {
    String traceId = TracedServer.newTraceId();
    assertThat(server.get("/reports/failing", traceId).status()).isEqualTo(503);

    ReceivedSpan span = server.serverSpansOf(traceId).get(0);
    assertThat(span.name()).isEqualTo("GET /reports/failing");
    assertThat(span.attribute("http.response.status_code")).isEqualTo("503");
    assertThat(span.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
  }

  @Test
  void anExceptionFromAControllerIsAnExceptionEventAndSpringsErrorPageAddsNoSecondSpan() {
    String traceId = TracedServer.newTraceId();
    HttpGet.Response response = server.get("/reports/explode", traceId);
    assertThat(response.status()).isEqualTo(500);
    String laterTrace = TracedServer.newTraceId();
    server.get("/owners/1", laterTrace);
    server.serverSpansOf(laterTrace);

    List<ReceivedSpan> spans = server.serverSpansOf(traceId);
    assertThat(spans).hasSize(1);
    ReceivedSpan span = spans.get(0);
    assertThat(span.name()).isEqualTo("GET /reports/explode");
    assertThat(span.attribute("http.response.status_code")).isEqualTo("500");
    assertThat(span.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.eventNames()).containsExactly("exception");
  }

  @Test
  void aDeferredResultRequestEndsWhenTheResultIsWrittenAndKeepsItsRoute() {
    String traceId = TracedServer.newTraceId();
    HttpGet.Response response = server.get("/slow/abc", traceId);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("slow abc");

    List<ReceivedSpan> spans = server.serverSpansOf(traceId);
    assertThat(spans).hasSize(1);
    assertThat(spans.get(0).name()).isEqualTo("GET /slow/{delayName}");
    assertThat(spans.get(0).durationNanos()).isGreaterThanOrEqualTo(280_000_000L);
  }

  @Test
  void anExcludedPathAnswersAsUsualWithoutASpan() {
    String excludedTrace = TracedServer.newTraceId();
    String tracedTrace = TracedServer.newTraceId();
    HttpGet.Response excluded = server.get("/health", excludedTrace);
    server.get("/owners/2", tracedTrace);

    assertThat(excluded.body()).isEqualTo("ok");
    server.serverSpansOf(tracedTrace);
    assertThat(server.serverSpansSoFar(excludedTrace)).isEmpty();
  }

  @Test
  void unmatchedPathsShareSpringsCatchAllRouteInsteadOfTheirOwn() {
    String traceId = TracedServer.newTraceId();
    assertThat(server.get("/no/such/page", traceId).status()).isEqualTo(404);

    ReceivedSpan span = server.serverSpansOf(traceId).get(0);
    assertThat(span.attribute("http.route")).isEqualTo("/**"); // the static-resource handler's pattern
  }

  @Test
  void requestDurationsAreLabelledWithTheHandlersRouteAndNoRequestStaysActive() {
    for (int i = 11; i <= 13; i++) {
      assertThat(server.get("/owners/" + i + "/pets/1", TracedServer.newTraceId()).status()).isEqualTo(200);
    }
    PrometheusText metrics = server.metrics();
    assertThat(metrics.value("http_server_request_duration_seconds_count",
            "http_request_method", "GET", "http_route", "/owners/{ownerId}/pets/{petId}",
            "http_response_status_code", "200", "url_scheme", "http"))
        .isGreaterThanOrEqualTo(3);
    assertThat(metrics.samples("http_server_request_duration_seconds_count"))
        .allSatisfy(sample -> assertThat(sample.label("http_route")).doesNotContain("/owners/1"));
    assertThat(metrics.value("http_server_active_requests", "http_request_method", "GET", "url_scheme", "http"))
        .isZero();
  }
}
