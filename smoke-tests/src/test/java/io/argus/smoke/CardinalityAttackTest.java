package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.apps.CardinalityAttackApp;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.PrometheusText;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A metric cardinality attack with the default settings: 100 000 requests, each with its own path and its own
 * method, and 100 000 capability calls, each with its own agent name. Every metric keeps at most
 * {@code argus.metrics.max.series} (1000) label sets plus one overflow series, counts stay exact, and the overflow
 * is counted per metric.
 */
class CardinalityAttackTest {
  private static final int ATTACKS = 100_000;
  private static final int CONNECTIONS = 4;
  private static final int MAX_SERIES = 1000;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aHundredThousandDistinctPathsMethodsAndCapabilityNamesLeaveBoundedSeries() throws Exception {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm app = AgentJvm.builder()
        .name("attack")
        .classPathOf(CardinalityAttackApp.class)
        .mainClass(CardinalityAttackApp.class)
        .args(String.valueOf(appPort))
        // The server writes headers and body apart: without TCP_NODELAY each exchange waits for a delayed ACK.
        .systemProperty("sun.net.httpserver.nodelay", "true")
        .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
        .env("OTEL_TRACES_EXPORTER", "none")
        .env("ARGUS_CAPABILITIES", "io.argus.smoke.apps.AttackWorker[work] agent=field:name")
        .start()) {
      app.awaitStdout("ATTACK TARGET READY", WAIT);

      ExecutorService attackers = Executors.newFixedThreadPool(CONNECTIONS);
      List<Future<Integer>> answered = new ArrayList<>();
      for (int c = 0; c < CONNECTIONS; c++) {
        int connection = c;
        answered.add(attackers.submit(() -> attack(appPort, connection)));
      }
      int ok = 0;
      for (Future<Integer> future : answered) {
        ok += future.get();
      }
      attackers.shutdown();
      assertThat(ok).isEqualTo(ATTACKS);
      for (int from = 0; from < ATTACKS; from += 10_000) {
        assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/workers?from=" + from + "&count=10000").body())
            .isEqualTo("ok 10000\n");
      }

      PrometheusText metrics =
          PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics", WAIT).body());
      List<PrometheusText.Sample> requests = metrics.samples("http_server_request_duration_seconds_count");
      assertThat(requests.size()).isLessThanOrEqualTo(MAX_SERIES + 1);
      assertThat(metrics.sum("http_server_request_duration_seconds_count")).isEqualTo(ATTACKS + 10);
      assertThat(requests).extracting(sample -> sample.label("http_request_method"))
          .as("unknown methods are _OTHER; _other is the overflow series")
          .allSatisfy(method -> assertThat(method).isIn("GET", "_OTHER", "_other"));
      assertThat(metrics.value("argus_metric_series_overflow_total", "metric", "http_server_request_duration_seconds"))
          .isGreaterThanOrEqualTo(ATTACKS - MAX_SERIES);

      List<PrometheusText.Sample> calls = metrics.samples("agent_capability_calls_total");
      assertThat(calls.size()).isLessThanOrEqualTo(MAX_SERIES + 1);
      assertThat(metrics.sum("agent_capability_calls_total")).isEqualTo(ATTACKS);
      assertThat(metrics.samples("agent_capability_duration_seconds_count").size())
          .isLessThanOrEqualTo(MAX_SERIES + 1);
      assertThat(metrics.value("argus_metric_series_overflow_total", "metric", "agent_capability_calls"))
          .isGreaterThanOrEqualTo(ATTACKS - MAX_SERIES);
      for (String name : metrics.names()) {
        assertThat(metrics.samples().stream().filter(s -> s.name().equals(name)).count()).as(name)
            .isLessThanOrEqualTo((MAX_SERIES + 1) * 20L); // a histogram has ~17 samples per series
      }
      System.out.printf("cardinality attack: %d requests, %d capability calls -> %d request series, %d capability"
              + " series, overflow %.0f / %.0f%n", ATTACKS, ATTACKS, requests.size(), calls.size(),
          metrics.value("argus_metric_series_overflow_total", "metric", "http_server_request_duration_seconds"),
          metrics.value("argus_metric_series_overflow_total", "metric", "agent_capability_calls"));
      assertThat(app.stderrLines()).as("logged once per metric, then counted")
          .filteredOn(line -> line.contains("\"metric_series_capped\"")
              && line.contains("\"http_server_request_duration_seconds\""))
          .hasSize(1);
    }
  }

  /** One keep-alive connection sending its share of requests, each with a distinct method and path. */
  private static int attack(int port, int connection) throws IOException {
    int ok = 0;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(30_000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int i = connection; i < ATTACKS; i += CONNECTIONS) {
        String token = Integer.toString(i, 36).toUpperCase(Locale.ROOT);
        out.write(("M" + token + " /catalogue/item-" + token.toLowerCase(Locale.ROOT) + "x HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        ok += readResponse(in).startsWith("HTTP/1.1 200") ? 1 : 0;
      }
    }
    return ok;
  }

  /** Reads one response with a Content-Length body; returns its status line. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed mid-response: " + head);
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : 0;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return text.substring(0, text.indexOf("\r\n"));
  }
}
