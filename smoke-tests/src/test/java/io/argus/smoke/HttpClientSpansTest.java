package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every HTTP client the agent instruments (HttpURLConnection, the JDK HttpClient with send and sendAsync, Apache
 * HttpClient 5, OkHttp with execute and enqueue), called by an unmodified app (apps/http-clients-app) whose own JDK
 * HttpServer is the server: CLIENT spans with the HTTP semantic conventions, the called SERVER span as their child,
 * errors, redaction, redirects and the client duration metric. One app JVM serves the whole class; each test tells
 * its spans apart by a query parameter of its own.
 */
class HttpClientSpansTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static OtlpHttpReceiver receiver;
  private static AgentJvm app;
  private static int appPort;
  private static int metricsPort;

  @BeforeAll
  static void startTheAppWithTheAgent() {
    receiver = OtlpHttpReceiver.listen();
    metricsPort = AgentJvm.freePort();
    app =
        HttpClientsApp.builder("http-clients", HttpClientsApp.CURRENT_LIBRARIES)
            .env("OTEL_TRACES_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("ARGUS_EXPORT_DELAY", "500")
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .start();
    appPort = HttpClientsApp.awaitPort(app);
  }

  @AfterAll
  static void stopTheApp() {
    if (app != null) {
      app.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  static Stream<String> tracedClients() {
    return HttpClientsApp.TRACED_CLIENTS.stream();
  }

  /** The clients that follow redirects with the same method (a POST answered 302 is re-sent as a bare GET). */
  static Stream<String> getClients() {
    return tracedClients().filter(client -> !client.endsWith("-post"));
  }

  @ParameterizedTest
  @MethodSource("tracedClients")
  void aCallIsOneClientSpanWithTheHttpAttributesAndTheCalledServerSpanIsItsChild(String client) {
    String url = target("/status/200?case=" + client + "-ok");

    assertThat(HttpClientsApp.call(appPort, client, url)).isEqualTo("status=200");

    ReceivedSpan call = clientSpan(url);
    String method = client.endsWith("-post") ? "POST" : "GET";
    assertThat(call.name()).isEqualTo(method);
    assertThat(call.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(call.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_UNSET);
    assertThat(call.attributes())
        .containsEntry("http.request.method", method)
        .containsEntry("url.full", url)
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", String.valueOf(appPort))
        .containsEntry("http.response.status_code", "200");

    ReceivedSpan caller = spanWithId(call.parentSpanId());
    assertThat(caller.name()).isEqualTo("GET /call");
    assertThat(caller.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(caller.traceId()).isEqualTo(call.traceId());

    ReceivedSpan called = serverSpans("case=" + client + "-ok", 1).get(0);
    assertThat(called.name()).isEqualTo(method + " /status/{id}");
    assertThat(called.traceId()).isEqualTo(call.traceId());
    assertThat(called.parentSpanId()).isEqualTo(call.spanId());
  }

  @ParameterizedTest
  @MethodSource("tracedClients")
  void aNotFoundOrServerErrorAnswerMakesTheClientSpanAnErrorWithoutAnExceptionEvent(String client) {
    for (int status : new int[] {404, 500}) {
      String url = target("/status/" + status + "?case=" + client + "-" + status);

      assertThat(HttpClientsApp.call(appPort, client, url)).isEqualTo("status=" + status);

      ReceivedSpan call = clientSpan(url);
      assertThat(call.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
      assertThat(call.attributes())
          .containsEntry("http.response.status_code", String.valueOf(status))
          .containsEntry("error.type", String.valueOf(status));
      assertThat(call.eventNames()).doesNotContain("exception");
      assertThat(serverSpans("case=" + client + "-" + status, 1).get(0).parentSpanId()).isEqualTo(call.spanId());
    }
  }

  @ParameterizedTest
  @MethodSource("tracedClients")
  void aRefusedConnectionMakesTheClientSpanAnErrorWithTheExceptionRecorded(String client) {
    String url = "http://127.0.0.1:" + AgentJvm.freePort() + "/status/200?case=" + client + "-refused";

    assertThat(HttpClientsApp.call(appPort, client, url)).startsWith("failed=");

    ReceivedSpan call = clientSpan(url);
    assertThat(call.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(call.eventNames()).contains("exception");
    assertThat(call.attribute("error.type")).contains("ConnectException");
    assertThat(call.attributes()).doesNotContainKey("http.response.status_code");
  }

  @ParameterizedTest
  @MethodSource("tracedClients")
  void credentialsInTheUrlAndSecretQueryValuesNeverReachTheClientSpan(String client) {
    String marker = "case=" + client + "-redacted";
    String url = "http://alice:s3cr3t-pw@127.0.0.1:" + appPort + "/status/200?token=abc123&" + marker;

    String answer = HttpClientsApp.call(appPort, client, url);
    if (client.startsWith("apache")) {
      // HttpClient 5 refuses URLs with user info, with or without the agent.
      assertThat(answer).isEqualTo("failed=org.apache.hc.client5.http.ClientProtocolException");
    } else {
      assertThat(answer).isEqualTo("status=200");
    }

    ReceivedSpan call =
        receiver.store()
            .awaitSpans(s -> isClient(s) && s.attribute("url.full").endsWith(marker), 1, WAIT)
            .get(0);
    assertThat(call.attribute("url.full"))
        .isEqualTo("http://127.0.0.1:" + appPort + "/status/200?token=REDACTED&" + marker);
    assertThat(call.attributes().toString()).doesNotContain("alice", "s3cr3t-pw", "abc123");
  }

  @ParameterizedTest
  @MethodSource("getClients")
  void aRedirectFollowedInsideTheClientStaysInOneClientSpanThatParentsBothServerSpans(String client) {
    String marker = "case=" + client + "-redirect";
    String url = target("/redirect?" + marker);

    assertThat(HttpClientsApp.call(appPort, client, url)).isEqualTo("status=200");

    ReceivedSpan call = clientSpan(url);
    assertThat(call.attribute("http.response.status_code")).isEqualTo("200");
    List<ReceivedSpan> served = serverSpans(marker, 2);
    assertThat(served).extracting(ReceivedSpan::name).containsExactlyInAnyOrder("GET /redirect", "GET /status/{id}");
    assertThat(served).allSatisfy(server -> assertThat(server.parentSpanId()).isEqualTo(call.spanId()));
    assertThat(receiver.store().spans(s -> isClient(s) && s.attribute("url.full").contains(marker))).hasSize(1);
  }

  @Test
  void everyCallIsMeasuredInTheClientDurationHistogramByMethodServerAndStatus() {
    for (String client : HttpClientsApp.TRACED_CLIENTS) {
      // 201: a status no other test asks for, so the counts below are this test's alone.
      assertThat(HttpClientsApp.call(appPort, client, target("/status/201"))).isEqualTo("status=201");
    }
    long gets = HttpClientsApp.TRACED_CLIENTS.stream().filter(client -> !client.endsWith("-post")).count();

    // Asynchronous clients record when their future completes, a moment after the app has answered.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              PrometheusText metrics =
                  PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body());
              assertThat(metrics.type("http_client_request_duration_seconds")).contains("histogram");
              assertThat(count(metrics, "GET")).isEqualTo(gets);
              assertThat(count(metrics, "POST")).isEqualTo(1);
            });
  }

  @Test
  void theAgentsOwnExportOverTheJdkHttpClientIsNotTraced() {
    String url = target("/status/200?case=export-check");
    assertThat(HttpClientsApp.call(appPort, "jdk-httpclient", url)).isEqualTo("status=200");
    clientSpan(url);
    receiver.store().awaitRequestCount(2, WAIT);

    String receiverPort = String.valueOf(receiver.port());
    assertThat(receiver.store().spans(s -> isClient(s) && receiverPort.equals(s.attribute("server.port"))))
        .as("CLIENT spans of the agent's exports to the OTLP receiver")
        .isEmpty();
  }

  private static double count(PrometheusText metrics, String method) {
    return metrics.value(
        "http_client_request_duration_seconds_count",
        "http_request_method", method,
        "server_address", "127.0.0.1",
        "http_response_status_code", "201");
  }

  private static String target(String pathAndQuery) {
    return "http://127.0.0.1:" + appPort + pathAndQuery;
  }

  private static boolean isClient(ReceivedSpan span) {
    return span.kind() == Span.SpanKind.SPAN_KIND_CLIENT;
  }

  private static ReceivedSpan clientSpan(String url) {
    List<ReceivedSpan> spans =
        receiver.store().awaitSpans(s -> isClient(s) && url.equals(s.attribute("url.full")), 1, WAIT);
    assertThat(spans).as("CLIENT spans for " + url).hasSize(1);
    return spans.get(0);
  }

  private static List<ReceivedSpan> serverSpans(String query, int count) {
    return receiver.store()
        .awaitSpans(
            s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER && query.equals(s.attribute("url.query")), count, WAIT);
  }

  private static ReceivedSpan spanWithId(String spanId) {
    return receiver.store().awaitSpans(s -> s.spanId().equals(spanId), 1, WAIT).get(0);
  }
}
