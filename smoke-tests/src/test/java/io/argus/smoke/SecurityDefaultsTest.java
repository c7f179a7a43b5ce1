package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The defaults an operator gets without reading anything: the endpoint on loopback (a warning when it is not), and no
 * secret — from the configuration or from requests — in the agent's log, on /status or in exported spans.
 */
class SecurityDefaultsTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;

  @Test
  void theEndpointListensOnLoopbackOnlyUnlessConfiguredAndSaysSoWhenItIsExposed() {
    int port = AgentJvm.freePort();
    try (AgentJvm app = DemoService.withTraffic(AgentJvm.freePort(), 0)
        .env("ARGUS_METRICS_PORT", String.valueOf(port)).start()) {
      app.awaitStdout("DEMO READY", WAIT);
      assertThat(app.awaitStderr("\"endpoint_started\"", WAIT)).contains("http://127.0.0.1:" + port);
      assertThat(HttpGet.get("http://127.0.0.1:" + port + "/status").body())
          .contains("\"address\":\"127.0.0.1:" + port + "\"");
      assertThat(app.stderrLines()).noneSatisfy(line -> assertThat(line).contains("endpoint_exposed"));
    }
    int exposedPort = AgentJvm.freePort();
    try (AgentJvm app = DemoService.withTraffic(AgentJvm.freePort(), 0)
        .env("ARGUS_METRICS_HOST", "0.0.0.0")
        .env("ARGUS_METRICS_PORT", String.valueOf(exposedPort)).start()) {
      app.awaitStdout("DEMO READY", WAIT);
      String warning = app.awaitStderr("\"endpoint_exposed\"", WAIT);
      assertThat(warning).contains("\"level\":\"WARN\"").contains("\"all_interfaces\":true")
          .contains("\"auth\":\"none\"").contains("argus.endpoint.auth");
      assertThat(HttpGet.get("http://127.0.0.1:" + exposedPort + "/health").status()).isEqualTo(200);
    }
  }

  @Test
  void secretsFromTheConfigurationReachNeitherTheLogNorStatus() throws Exception {
    int port = AgentJvm.freePort();
    int closed = AgentJvm.freePort(); // nothing listens there: exports and pushes fail and are logged
    List<String> secrets = List.of("hdr-5ecret", "url-pw-5ecret", "query-5ecret", "gw-pw-5ecret", "token-5ecret",
        "yaml-5ecret");
    Path file = Files.writeString(temp.resolve("argus.yaml"),
        "endpoint:\n  basic_auth_password: [yaml-5ecret, again]\n");
    try (AgentJvm app = DemoService.withTraffic(AgentJvm.freePort(), 3)
        .env("ARGUS_CONFIG_FILE", file.toString())
        .env("ARGUS_LOG_LEVEL", "debug")
        .env("ARGUS_METRICS_PORT", String.valueOf(port))
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("ARGUS_EXPORT_DELAY", "100")
        .env("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20hdr-5ecret,broken-pair-hdr-5ecret")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT",
            "http://collector:url-pw-5ecret@127.0.0.1:" + closed + "?token=query-5ecret")
        .env("ARGUS_PROMETHEUS_PUSHGATEWAY_URL", "http://gw:gw-pw-5ecret@127.0.0.1:" + closed)
        .env("ARGUS_PROMETHEUS_PUSHGATEWAY_INTERVAL", "1s")
        .env("ARGUS_ENDPOINT_AUTH_BEARER_TOKEN", "token-5ecret")
        .start()) {
      app.awaitStdout("DEMO READY", WAIT);
      app.awaitStderr("\"pushgateway_push_failed\"", WAIT);
      app.awaitStderr("\"exporter_failed\"", WAIT);
      String status = HttpGet.get(URI.create("http://127.0.0.1:" + port + "/status"),
          Map.of("Authorization", "Bearer token-5ecret"), WAIT).body();

      assertThat(status).contains("\"otel.exporter.otlp.headers\":\"****\"")
          .contains("\"argus.endpoint.auth.bearer.token\":\"****\"")
          .contains("http://****@127.0.0.1:" + closed);
      assertThat(String.join("\n", app.stderrLines()))
          .contains("invalid value '****' for argus.endpoint.auth.basic.password")
          .contains("invalid value '****' for otel.exporter.otlp.headers");
      String everything = status + String.join("\n", app.stderrLines()) + String.join("\n", app.stdoutLines());
      for (String secret : secrets) {
        assertThat(everything).as("output and /status must not contain " + secret).doesNotContain(secret);
      }
    }
  }

  @Test
  void credentialHeadersAndSecretQueryValuesOfARequestNeverReachItsSpan() {
    int appPort = AgentJvm.freePort();
    try (AgentJvm app = DemoService.withTraffic(appPort, 0)
        .env("ARGUS_METRICS_PORT", "0")
        .env("ARGUS_EXPORT_DELAY", "100")
        .env("ARGUS_HTTP_REQUEST_ID_HEADER", "Authorization") // refused: a credential header is never echoed
        .start()) {
      app.awaitStdout("DEMO READY", WAIT);
      HttpGet.Response response = HttpGet.get(
          URI.create("http://127.0.0.1:" + appPort
              + "/owners/1?page=2&access_token=qa-5ecret&api_key=qb-5ecret&sig=qc-5ecret&password=qd-5ecret"),
          Map.of("Authorization", "Basic aGRyLTVlY3JldDpwdw==",
              "Cookie", "session=ck-5ecret",
              "Proxy-Authorization", "Bearer px-5ecret",
              "X-Request-ID", "rid-1"),
          WAIT);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.header("Authorization")).isEmpty();
      assertThat(response.header("X-Request-ID")).contains("rid-1");

      String span = app.awaitStdout(line -> line.contains("\"name\":\"GET /owners/{id}\""), WAIT);
      assertThat(span).contains("page=2").contains("access_token=REDACTED").contains("api_key=REDACTED")
          .contains("sig=REDACTED").contains("password=REDACTED");
      String everything = String.join("\n", app.stdoutLines()) + String.join("\n", app.stderrLines());
      for (String secret : List.of("5ecret", "aGRyLTVlY3JldDpwdw", "Basic ", "Bearer px")) {
        assertThat(everything).as(secret).doesNotContain(secret);
      }
      assertThat(String.join("\n", app.stderrLines()))
          .contains("Authorization carries credentials and is never recorded or echoed");
    }
  }
}
