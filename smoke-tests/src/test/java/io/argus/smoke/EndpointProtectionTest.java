package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.PrometheusServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optional endpoint protection against real scrapes: a real Prometheus scrapes one app protected by HTTP Basic
 * and one protected by a bearer token over TLS (a key store made by keytool for 127.0.0.1), each with and without
 * credentials. With them the target is up; without them, or with wrong ones, it is down. Probes stay open.
 */
class EndpointProtectionTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PASSWORD = "basic-pw-51f0";
  private static final String TOKEN = "bearer-tok-9c2e";
  private static final String STORE_PASSWORD = "store-pw-77ad";

  @TempDir Path temp;

  @Test
  void prometheusScrapesWithCredentialsAndIsRefusedWithout() throws Exception {
    Path keyStore = temp.resolve("endpoint.p12");
    Path certificate = temp.resolve("endpoint.pem");
    keytool("-genkeypair", "-alias", "argus", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
        "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
    keytool("-exportcert", "-rfc", "-alias", "argus", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
        "-file", certificate.toString());
    int basicPort = AgentJvm.freePort();
    int tlsPort = AgentJvm.freePort();

    try (AgentJvm basicApp =
            endpointApp(basicPort,
                "ARGUS_ENDPOINT_AUTH_BASIC_USERNAME", "prometheus",
                "ARGUS_ENDPOINT_AUTH_BASIC_PASSWORD", PASSWORD);
        AgentJvm tlsApp =
            endpointApp(tlsPort,
                "ARGUS_ENDPOINT_AUTH_BEARER_TOKEN", TOKEN,
                "ARGUS_ENDPOINT_TLS_KEYSTORE_PATH", keyStore.toString(),
                "ARGUS_ENDPOINT_TLS_KEYSTORE_PASSWORD", STORE_PASSWORD);
        PrometheusServer prometheus = PrometheusServer.start(temp, String.join("\n",
            "global:",
            "  scrape_interval: 1s",
            "scrape_configs:",
            job("basic-with-credentials", basicPort,
                "    basic_auth: {username: prometheus, password: " + PASSWORD + "}"),
            job("basic-without-credentials", basicPort),
            job("basic-wrong-password", basicPort, "    basic_auth: {username: prometheus, password: guess}"),
            job("tls-with-token", tlsPort, "    scheme: https",
                "    authorization: {type: Bearer, credentials: " + TOKEN + "}",
                "    tls_config: {ca_file: " + certificate + "}"),
            job("tls-without-token", tlsPort, "    scheme: https", "    tls_config: {ca_file: " + certificate + "}"),
            job("tls-skip-verify-with-token", tlsPort, "    scheme: https",
                "    authorization: {type: Bearer, credentials: " + TOKEN + "}",
                "    tls_config: {insecure_skip_verify: true}"),
            ""))) {
      assertThat(prometheus.awaitValue("up{job=\"basic-with-credentials\"} == 1", WAIT)).isEqualTo(1);
      assertThat(prometheus.awaitValue("up{job=\"tls-with-token\"} == 1", WAIT)).isEqualTo(1);
      assertThat(prometheus.awaitValue("up{job=\"tls-skip-verify-with-token\"} == 1", WAIT)).isEqualTo(1);
      assertThat(prometheus.awaitValue("up{job=\"basic-without-credentials\"}", WAIT)).isZero();
      assertThat(prometheus.awaitValue("up{job=\"basic-wrong-password\"}", WAIT)).isZero();
      assertThat(prometheus.awaitValue("up{job=\"tls-without-token\"}", WAIT)).isZero();
      assertThat(prometheus.awaitValue("scrape_samples_scraped{job=\"basic-with-credentials\"}", WAIT))
          .isGreaterThan(50);
      assertThat(prometheus.awaitValue("scrape_samples_scraped{job=\"tls-with-token\"}", WAIT)).isGreaterThan(50);

      // A client that trusts the certificate, as Prometheus with ca_file does, gets the metrics over HTTPS.
      HttpResponse<String> overTls = trusting(keyStore).send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + tlsPort + "/metrics"))
              .header("Authorization", "Bearer " + TOKEN).timeout(WAIT).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      assertThat(overTls.statusCode()).isEqualTo(200);
      assertThat(overTls.body()).contains("argus_");
      assertThat(tlsApp.stderrLines()).anySatisfy(line -> assertThat(line)
          .contains("\"endpoint_started\"").contains("https://127.0.0.1:" + tlsPort));

      // The refusals were logged once, without what the client sent, and counted on /status.
      String status = HttpGet.get(URI.create("http://127.0.0.1:" + basicPort + "/status"),
          Map.of("Authorization", basicHeader("prometheus", PASSWORD)), WAIT).body();
      assertThat(status).contains("\"auth\":\"basic\"").doesNotContain(PASSWORD).containsPattern(
          "\"auth_refused\":[1-9]");
      assertThat(basicApp.stderrLines()).filteredOn(line -> line.contains("\"endpoint_auth_refused\"")).hasSize(1);
      assertThat(String.join("\n", basicApp.stderrLines())).doesNotContain(PASSWORD).doesNotContain("guess");
      assertThat(String.join("\n", tlsApp.stderrLines())).doesNotContain(TOKEN).doesNotContain(STORE_PASSWORD);
    }
  }

  @Test
  void everyPathButTheProbesNeedsCredentialsAndTheProbesCanBeClosedToo() throws Exception {
    int port = AgentJvm.freePort();
    String controlToken = "control-token-0123456789abcdef";
    try (AgentJvm app = endpointApp(port, "ARGUS_ENDPOINT_AUTH_BEARER_TOKEN", TOKEN,
        "ARGUS_CONTROL_TOKEN", controlToken)) {
      String base = "http://127.0.0.1:" + port;
      for (String path : List.of("/metrics", "/status", "/", "/api/traces", "/healthz", "/health/../status")) {
        HttpGet.Response refused = HttpGet.get(base + path);
        assertThat(refused.status()).as(path).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).as(path).contains("Bearer realm=\"argus\"");
        assertThat(refused.body()).as(path).doesNotContain("argus_").doesNotContain("\"config\"");
      }
      assertThat(HttpGet.get(base + "/health").status()).isEqualTo(200);
      assertThat(HttpGet.get(base + "/ready").status()).isEqualTo(200);
      assertThat(HttpGet.get(URI.create(base + "/metrics"), Map.of("Authorization", "Bearer " + TOKEN), WAIT)
          .body()).contains("argus_");
      // /control is guarded by its own token (the same Authorization header cannot carry both).
      assertThat(HttpGet.get(URI.create(base + "/control"), Map.of("Authorization", "Bearer " + controlToken), WAIT)
          .status()).isEqualTo(200);
      assertThat(HttpGet.get(URI.create(base + "/control"), Map.of("Authorization", "Bearer " + TOKEN), WAIT)
          .status()).as("the endpoint token is not the control token").isEqualTo(401);
    }
    int closedPort = AgentJvm.freePort();
    try (AgentJvm app = endpointApp(closedPort,
        "ARGUS_ENDPOINT_AUTH_BASIC_USERNAME", "u", "ARGUS_ENDPOINT_AUTH_BASIC_PASSWORD", PASSWORD,
        "ARGUS_ENDPOINT_AUTH_OPEN_PATHS", "/ready")) {
      assertThat(HttpGet.get("http://127.0.0.1:" + closedPort + "/health").status()).isEqualTo(401);
      assertThat(HttpGet.get("http://127.0.0.1:" + closedPort + "/ready").status()).isEqualTo(200);
    }
  }

  @Test
  void aKeyStoreThatCannotBeUsedKeepsTheEndpointOffRatherThanServingPlainHttp() throws Exception {
    Path notAKeyStore = Files.writeString(temp.resolve("broken.p12"), "not a key store");
    int port = AgentJvm.freePort();
    int appPort = AgentJvm.freePort();
    try (AgentJvm app = DemoService.withTraffic(appPort, 0)
        .env("ARGUS_METRICS_PORT", String.valueOf(port))
        .env("ARGUS_ENDPOINT_TLS_KEYSTORE_PATH", notAKeyStore.toString())
        .env("ARGUS_ENDPOINT_TLS_KEYSTORE_PASSWORD", STORE_PASSWORD)
        .start()) {
      app.awaitStdout("DEMO READY", WAIT);
      String error = app.awaitStderr("\"endpoint_tls_unusable\"", WAIT);
      assertThat(error).contains(notAKeyStore.toString()).doesNotContain(STORE_PASSWORD);
      assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/owners/1").status()).as("the app is unaffected")
          .isEqualTo(200);
      assertThat(portIsClosed(port)).as("nothing listens on the endpoint port").isTrue();
    }
  }

  /** The demo service with its endpoint on {@code endpointPort}, started and listening. */
  private static AgentJvm endpointApp(int endpointPort, String... env) {
    AgentJvm.Builder builder =
        DemoService.withTraffic(AgentJvm.freePort(), 0)
            .env("ARGUS_METRICS_PORT", String.valueOf(endpointPort))
            .env("OTEL_TRACES_EXPORTER", "none");
    for (int i = 0; i + 1 < env.length; i += 2) {
      builder.env(env[i], env[i + 1]);
    }
    AgentJvm app = builder.start();
    try {
      app.awaitStdout("DEMO READY", WAIT);
      app.awaitStderr("\"endpoint_started\"", WAIT);
      return app;
    } catch (RuntimeException | Error e) {
      app.close();
      throw e;
    }
  }

  private static HttpClient trusting(Path keyStore) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      trusted.load(in, STORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).proxy(HttpClient.Builder.NO_PROXY).build();
  }

  private static String job(String name, int port, String... settings) {
    StringBuilder job = new StringBuilder("  - job_name: " + name + "\n");
    for (String setting : settings) {
      job.append(setting).append('\n');
    }
    return job.append("    static_configs: [{targets: ['127.0.0.1:").append(port).append("']}]").toString();
  }

  private static String basicHeader(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean portIsClosed(int port) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2_000);
      return false;
    } catch (java.io.IOException refused) {
      return true;
    }
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("keytool " + String.join(" ", args) + "\n" + output).isZero();
  }
}
