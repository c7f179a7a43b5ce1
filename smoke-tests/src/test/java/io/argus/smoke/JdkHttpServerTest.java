package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JDK's com.sun.net.httpserver, traced with no code in the app (apps/demo-service): SERVER spans continuing the
 * caller's trace, RED metrics with route templates, request ids, excluded paths, and hostile input that changes
 * nothing for the application.
 */
class JdkHttpServerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private static AgentJvm demo(int appPort, int metricsPort, OtlpHttpReceiver receiver, String... env) {
    AgentJvm.Builder builder =
        DemoService.withTraffic(appPort, 0)
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .env("ARGUS_EXPORT_DELAY", "100");
    if (receiver != null) {
      builder.env("OTEL_TRACES_EXPORTER", "otlp").env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    }
    for (int i = 0; i + 1 < env.length; i += 2) {
      builder.env(env[i], env[i + 1]);
    }
    AgentJvm jvm = builder.start();
    DemoService.awaitReady(jvm);
    return jvm;
  }

  @Test
  void aRequestBecomesAServerSpanThatContinuesTheCallersTraceAndCarriesTheSemanticAttributes() {
    int appPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app =
            demo(appPort, AgentJvm.freePort(), receiver, "ARGUS_HTTP_TRACE_ID_RESPONSE_HEADER", "X-Trace-Id")) {
      HttpGet.Response response =
          HttpGet.get(
              URI.create("http://127.0.0.1:" + appPort + "/owners/1?page=2&access_token=abc"),
              Map.of("traceparent", TRACEPARENT, "User-Agent", "smoke-test/1.0", "X-Request-ID", "req-42"),
              WAIT);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("x-request-id")).contains("req-42");
      assertThat(response.header("x-trace-id")).contains("4bf92f3577b34da6a3ce929d0e0e4736");

      ReceivedSpan server = receiver.store().awaitSpans(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER, 1, WAIT).get(0);
      assertThat(server.name()).isEqualTo("GET /owners/{id}");
      assertThat(server.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
      assertThat(server.parentSpanId()).isEqualTo("00f067aa0ba902b7");
      assertThat(server.attributes())
          .containsEntry("http.request.method", "GET")
          .containsEntry("url.path", "/owners/1")
          .containsEntry("url.query", "page=2&access_token=REDACTED")
          .containsEntry("url.scheme", "http")
          .containsEntry("http.route", "/owners/{id}")
          .containsEntry("http.response.status_code", "200")
          .containsEntry("server.address", "127.0.0.1")
          .containsEntry("server.port", String.valueOf(appPort))
          .containsEntry("client.address", "127.0.0.1")
          .containsEntry("user_agent.original", "smoke-test/1.0")
          .containsEntry("network.protocol.version", "1.1")
          .containsEntry("http.request.header.x-request-id", "req-42");
    }
  }

  @Test
  void aRequestWithoutARequestIdGetsAGeneratedOneAndExcludedPathsGetNoSpan() {
    int appPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app = demo(appPort, AgentJvm.freePort(), receiver, "ARGUS_HTTP_EXCLUDED_PATHS", "/hello*")) {
      HttpGet.Response excluded = HttpGet.get("http://127.0.0.1:" + appPort + "/hello");
      HttpGet.Response traced = HttpGet.get("http://127.0.0.1:" + appPort + "/owners");

      assertThat(excluded.status()).isEqualTo(200);
      assertThat(traced.header("x-request-id").orElseThrow()).matches("[0-9a-f-]{36}");
      receiver.store().awaitSpans(s -> s.name().equals("GET /owners"), 1, WAIT);
      assertThat(receiver.store().spans(s -> s.name().contains("/hello"))).isEmpty();
    }
  }

  @Test
  void serverMetricsCountEveryRequestByRouteEvenWhenNoSpanIsSampled() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm app = demo(appPort, metricsPort, null, "OTEL_TRACES_SAMPLER", "always_off")) {
      for (int i = 1; i <= 3; i++) {
        assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/owners/" + i).status()).isEqualTo(200);
      }
      assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/owners/99").status()).isEqualTo(404);

      PrometheusText metrics =
          PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body());
      assertThat(
              metrics.value(
                  "http_server_request_duration_seconds_count",
                  "http_request_method", "GET",
                  "http_route", "/owners/{id}",
                  "http_response_status_code", "200",
                  "url_scheme", "http"))
          .isEqualTo(3);
      assertThat(
              metrics.value(
                  "http_server_request_duration_seconds_count",
                  "http_route", "/owners/{id}",
                  "http_response_status_code", "404"))
          .isEqualTo(1);
      assertThat(metrics.value("http_server_active_requests", "http_request_method", "GET")).isZero();
      assertThat(app.stdoutLines()).noneSatisfy(line -> assertThat(line).contains("\"trace_id\""));
    }
  }

  @Test
  void latencyBucketsCarryExemplarsPointingAtExportedTracesWhenOpenMetricsIsAsked() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm app = demo(appPort, metricsPort, null)) {
      HttpGet.get("http://127.0.0.1:" + appPort + "/owners/1");
      String exported = app.awaitStdout(line -> line.contains("\"name\":\"GET /owners/{id}\""), WAIT);
      String exportedTraceId = exported.replaceAll(".*\"trace_id\":\"([0-9a-f]{32})\".*", "$1");

      String openMetrics =
          HttpGet.get(
                  URI.create("http://127.0.0.1:" + metricsPort + "/metrics"),
                  Map.of("Accept", "application/openmetrics-text; version=1.0.0"),
                  WAIT)
              .body();
      String bucketWithExemplar =
          openMetrics
              .lines()
              .filter(line -> line.startsWith("http_server_request_duration_seconds_bucket{"))
              .filter(line -> line.contains("http_route=\"/owners/{id}\"") && line.contains(" # {"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no exemplar on a bucket of /owners/{id}:\n" + openMetrics));
      assertThat(bucketWithExemplar).contains("trace_id=\"" + exportedTraceId + "\"").contains("span_id=\"");
    }
  }

  @Test
  void twoThousandDistinctPathsKeepTheSeriesCountBounded() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm app =
        demo(appPort, metricsPort, null, "ARGUS_METRICS_MAX_SERIES", "50", "OTEL_TRACES_EXPORTER", "none")) {
      // Words, not ids: the normaliser keeps them, so only the series cap bounds the label set. 2 000 paths are 40
      // times the cap; more only lengthen the test (the JDK server and client take about 10 ms per request here).
      java.util.stream.IntStream.range(0, 2_000)
          .parallel()
          .forEach(
              i ->
                  HttpGet.get("http://127.0.0.1:" + appPort + "/catalogue/item-" + Integer.toString(i, 36) + "x"));
      PrometheusText metrics =
          PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body());
      long series = metrics.samples("http_server_request_duration_seconds_count").size();
      assertThat(series).isLessThanOrEqualTo(51);
      assertThat(metrics.sum("http_server_request_duration_seconds_count")).isEqualTo(2_000);
      assertThat(metrics.value("argus_metric_series_overflow_total", "metric", "http_server_request_duration_seconds"))
          .isGreaterThan(1_900);
    }
  }

  @Test
  void hostileHeadersChangeNothingForTheApplication() throws IOException {
    List<byte[]> requests = new ArrayList<>();
    requests.add(request("traceparent: 00-zzzz-not-valid\r\n"));
    requests.add(request("traceparent: 00-" + "a".repeat(5000) + "\r\n"));
    requests.add(request("traceparent: " + TRACEPARENT + "\r\ntraceparent: " + TRACEPARENT + "\r\n"));
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      members.append(i == 0 ? "" : ",").append("k").append(i).append("=v").append(i);
    }
    requests.add(request("traceparent: " + TRACEPARENT + "\r\ntracestate: " + members + "\r\n"));
    requests.add(request("baggage: " + "x=".repeat(3000) + "\r\n"));
    requests.add(request("tracestate: \u0001\u0002\u00ff\r\nX-Request-ID: \u0007bell\r\n"));
    requests.add(request("X-Big: " + "b".repeat(64 * 1024) + "\r\n"));

    List<String> withoutAgent = answers(requests, AgentJvm.builder().withoutAgent());
    List<String> withAgent = answers(requests, AgentJvm.builder());

    assertThat(withAgent).hasSameSizeAs(withoutAgent);
    for (int i = 0; i < withAgent.size(); i++) {
      assertThat(withAgent.get(i)).as("answer to hostile request %d", i).isEqualTo(withoutAgent.get(i));
    }
  }

  private static byte[] request(String extraHeaders) {
    return ("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Status line and body of each answer, headers aside (the agent adds X-Request-ID and Date differs). */
  private static List<String> answers(List<byte[]> requests, AgentJvm.Builder builder) throws IOException {
    int appPort = AgentJvm.freePort();
    try (AgentJvm app =
        builder
            .name("hostile")
            .classPath(io.argus.smoke.harness.SmokeApps.classPath("demo-service"))
            .mainClass(DemoService.MAIN)
            .args(String.valueOf(appPort), "0")
            .env("ARGUS_METRICS_PORT", "0")
            .start()) {
      DemoService.awaitReady(app);
      List<String> answers = new ArrayList<>();
      for (byte[] request : requests) {
        answers.add(exchange(appPort, request));
      }
      assertThat(app.stderrLines()).noneSatisfy(line -> assertThat(line).contains("instrumentation_error"));
      return answers;
    }
  }

  private static String exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      int n;
      try {
        while ((n = in.read(buffer)) != -1) {
          bytes.write(buffer, 0, n);
        }
      } catch (java.net.SocketException reset) {
        // the server may reset after answering an oversized request; what was read is the answer
      }
      String text = bytes.toString(StandardCharsets.ISO_8859_1);
      int headerEnd = text.indexOf("\r\n\r\n");
      String statusLine = text.isEmpty() ? "<no answer>" : text.substring(0, Math.max(0, text.indexOf("\r\n")));
      return statusLine + " | " + (headerEnd < 0 ? "" : text.substring(headerEnd + 4));
    }
  }
}
