package io.argus.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpGetTest {

  @Test
  void getsStatusHeadersAndBodyOnLoopback() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    server.createContext("/metrics", exchange -> {
      byte[] body = "up 1\n".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
      HttpGet.Response response = HttpGet.awaitStatus(url, 200, Duration.ofSeconds(5));
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
      assertThat(PrometheusText.parse(response.body()).value("up")).isEqualTo(1.0);
      assertThat(HttpGet.get(url.replace("/metrics", "/nothing")).status()).isEqualTo(404);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void refusesNonLoopbackAndReportsConnectionFailures() {
    // A documentation-range address (TEST-NET-1): refused before any connection is attempted.
    assertThatThrownBy(() -> HttpGet.get("http://192.0.2.1/metrics"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback only");
    int closedPort = AgentJvm.freePort();
    assertThatThrownBy(() -> HttpGet.get("http://127.0.0.1:" + closedPort + "/", Duration.ofSeconds(2)))
        .isInstanceOf(UncheckedIOException.class);
    assertThatThrownBy(() -> HttpGet.awaitStatus("http://127.0.0.1:" + closedPort + "/", 200,
        Duration.ofMillis(300))).isInstanceOf(AssertionError.class).hasMessageContaining("did not answer 200");
  }
}
