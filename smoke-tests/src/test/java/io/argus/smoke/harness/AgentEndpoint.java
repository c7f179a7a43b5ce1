package io.argus.smoke.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Predicate;

/** The agent's own endpoint of a launched JVM ({@code /metrics}, {@code /status}) on 127.0.0.1, as tests read it. */
public final class AgentEndpoint {
  private static final Duration POLL = Duration.ofMillis(250);

  private final String base;

  public AgentEndpoint(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public PrometheusText metrics() {
    return PrometheusText.parse(HttpGet.get(base + "/metrics").body());
  }

  public JsonNode status() {
    return Json.parseObject(HttpGet.get(base + "/status").body());
  }

  /** The entry of {@code /status} {@code exporters} with this name. */
  public JsonNode exporterStatus(String name) {
    JsonNode exporters = status().path("exporters");
    for (JsonNode exporter : exporters) {
      if (exporter.path("name").asText().equals(name)) {
        return exporter;
      }
    }
    throw new AssertionError("no exporter " + name + " in /status: " + exporters);
  }

  /** Scrapes until the condition holds; fails with the last scrape after {@code timeout}. */
  public PrometheusText awaitMetrics(Predicate<PrometheusText> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    PrometheusText last = null;
    while (System.nanoTime() < deadline) {
      last = metrics();
      if (condition.test(last)) {
        return last;
      }
      sleep(POLL);
    }
    throw new AssertionError("metrics condition not met within " + timeout + "; last scrape:\n" + last);
  }

  /** Reads {@code /status} until the condition holds; fails with the last answer after {@code timeout}. */
  public JsonNode awaitStatus(Predicate<JsonNode> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = status();
      if (condition.test(last)) {
        return last;
      }
      sleep(POLL);
    }
    throw new AssertionError("/status condition not met within " + timeout + "; last answer:\n" + last);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
