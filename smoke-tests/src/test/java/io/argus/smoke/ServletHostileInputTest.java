package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.PrometheusText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed and hostile requests to embedded Tomcat 11 (jakarta): the answers with the agent are the answers without
 * it, nothing of ours reaches the application, and 10 000 distinct paths leave a bounded number of metric series.
 */
class ServletHostileInputTest {
  private static final ServletApps.Server TOMCAT = ServletApps.TOMCAT_11_JAKARTA;
  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void hostileHeadersGetTheSameAnswersWithAndWithoutTheAgent() throws IOException {
    List<byte[]> requests = new ArrayList<>();
    requests.add(request("/owners/1", "traceparent: 00-zzzz-not-valid\r\n"));
    requests.add(request("/owners/1", "traceparent: 00-" + "a".repeat(5000) + "\r\n"));
    requests.add(request("/owners/1", "traceparent: " + TRACEPARENT + "\r\ntraceparent: " + TRACEPARENT + "\r\n"));
    StringBuilder members = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      members.append(i == 0 ? "" : ",").append("k").append(i).append("=v").append(i);
    }
    requests.add(request("/owners/1", "traceparent: " + TRACEPARENT + "\r\ntracestate: " + members + "\r\n"));
    requests.add(request("/owners/1", "tracestate: a=1\r\ntracestate: b=2\r\nbaggage: " + "x=".repeat(3000) + "\r\n"));
    requests.add(request("/owners/1", "tracestate: \u0001\u0002\u00ff\r\nX-Request-ID: \u0007bell\u00ff\r\n"));
    requests.add(request("/owners/1", "X-Request-ID: " + "r".repeat(4000) + "\r\nUser-Agent: \u00fe\u00ff\r\n"));
    requests.add(request("/owners/1", "X-Big: " + "b".repeat(64 * 1024) + "\r\n"));
    requests.add(request("/fail/exception", "traceparent: " + TRACEPARENT + "\r\n"));
    requests.add(request("/owners/%ff%00?q=%zz&token=\u00ff", ""));
    requests.add(request("/async", "traceparent: 01-" + TRACEPARENT.substring(3) + "-extra\r\n"));

    List<String> withoutAgent = answers(requests, TOMCAT.on(AgentJvm.freePort()).withoutAgent());
    List<String> withAgent = answers(requests, TOMCAT.on(AgentJvm.freePort()));

    assertThat(withAgent).hasSameSizeAs(withoutAgent);
    for (int i = 0; i < withAgent.size(); i++) {
      assertThat(withAgent.get(i)).as("answer to hostile request %d", i).isEqualTo(withoutAgent.get(i));
    }
  }

  @Test
  void tenThousandDistinctPathsKeepTheSeriesCountBounded() {
    try (TracedServer server =
        new TracedServer(TOMCAT, "ARGUS_METRICS_MAX_SERIES", "50", "OTEL_TRACES_EXPORTER", "none")) {
      for (int i = 0; i < 10_000; i++) {
        // Words, not ids, on the default servlet: the normaliser keeps them, so only the series cap bounds labels.
        HttpGet.get("http://127.0.0.1:" + server.port + "/catalogue/item-" + Integer.toString(i, 36) + "x");
      }
      PrometheusText metrics = server.metrics();
      assertThat(metrics.samples("http_server_request_duration_seconds_count").size()).isLessThanOrEqualTo(51);
      assertThat(metrics.sum("http_server_request_duration_seconds_count")).isEqualTo(10_000);
      assertThat(metrics.value("argus_metric_series_overflow_total", "metric", "http_server_request_duration_seconds"))
          .isGreaterThan(9_000);
    }
  }

  private static byte[] request(String target, String extraHeaders) {
    return ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Status line and body of each answer; headers aside (the agent adds X-Request-ID, and Date differs). */
  private static List<String> answers(List<byte[]> requests, AgentJvm.Builder builder) throws IOException {
    try (AgentJvm app = builder.env("ARGUS_METRICS_PORT", "0").start()) {
      ServletApps.awaitReady(app);
      int port = Integer.parseInt(app.command().get(app.command().size() - 1));
      List<String> answers = new ArrayList<>();
      for (byte[] request : requests) {
        answers.add(exchange(port, request));
      }
      assertThat(app.stderrLines()).noneSatisfy(line -> assertThat(line).contains("instrumentation_error"));
      assertThat(app.stdoutLines()).noneSatisfy(line -> assertThat(line).contains("instrumentation_error"));
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
      } catch (SocketException reset) {
        // the server may reset after answering an oversized request; what was read is the answer
      }
      String text = bytes.toString(StandardCharsets.ISO_8859_1);
      int headerEnd = text.indexOf("\r\n\r\n");
      String statusLine = text.isEmpty() ? "<no answer>" : text.substring(0, Math.max(0, text.indexOf("\r\n")));
      return statusLine + " | " + (headerEnd < 0 ? "" : text.substring(headerEnd + 4));
    }
  }
}
