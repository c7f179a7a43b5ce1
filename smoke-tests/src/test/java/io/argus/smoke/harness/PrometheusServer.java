package io.argus.smoke.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's {@code prometheus} package, installed by .ci/run) on 127.0.0.1, with the scrape
 * configuration a test gives, its data in a directory of the test; stopped by {@link #close()}.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/prometheus");
  private static final Duration START = Duration.ofSeconds(60);

  private final Process process;
  private final String api;
  private final Path log;

  private PrometheusServer(Process process, String api, Path log) {
    this.process = process;
    this.api = api;
    this.log = log;
  }

  /** Writes {@code configYaml} to {@code dir}, starts Prometheus with it and waits until it is ready. */
  public static PrometheusServer start(Path dir, String configYaml) throws IOException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: apt-get install prometheus (as .ci/run does)");
    }
    Path config = Files.writeString(dir.resolve("prometheus.yml"), configYaml);
    Path log = dir.resolve("prometheus.log");
    int port = AgentJvm.freePort();
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port, log);
    try {
      HttpGet.awaitStatus(server.api + "/-/ready", 200, START);
    } catch (RuntimeException | Error e) {
      server.close();
      throw new AssertionError("Prometheus did not become ready; its log:\n" + server.log(), e);
    }
    return server;
  }

  /** The HTTP API's base URL. */
  public String api() {
    return api;
  }

  /** An instant query through the HTTP API: the whole JSON answer. */
  public JsonNode query(String expr) {
    return Json.parseObject(
        HttpGet.get(api + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).body());
  }

  /** The value of an instant query that must return exactly one series, or null while it returns none. */
  public Double singleValue(String expr) {
    JsonNode result = query(expr).at("/data/result");
    if (result.isEmpty()) {
      return null;
    }
    if (result.size() != 1) {
      throw new AssertionError(expr + " returned " + result.size() + " series: " + result);
    }
    return Double.valueOf(result.get(0).at("/value/1").asText());
  }

  /** Polls until the query returns one series, within {@code timeout}; returns its value. */
  public double awaitValue(String expr, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Double value = singleValue(expr);
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("Prometheus never returned " + expr + " within " + timeout + "; its log:\n" + log());
  }

  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
