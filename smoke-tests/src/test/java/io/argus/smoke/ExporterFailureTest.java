package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A backend that refuses, fails or stalls never changes the application's answers; its losses are counted on
 * /metrics and /status, the agent's memory stays bounded, and export resumes by itself when the backend recovers.
 */
class ExporterFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private static AgentJvm start(OtlpHttpReceiver receiver, int appPort, int metricsPort, String... extraEnv) {
    AgentJvm.Builder builder =
        DemoService.withTraffic(appPort, -1)
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("OTEL_EXPORTER_OTLP_TIMEOUT", "1000")
            .env("ARGUS_EXPORT_DELAY", "200")
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .jvmArgs("-Xmx128m");
    for (int i = 0; i + 1 < extraEnv.length; i += 2) {
      builder.env(extraEnv[i], extraEnv[i + 1]);
    }
    AgentJvm demo = builder.start();
    DemoService.awaitReady(demo);
    return demo;
  }

  private static PrometheusText metrics(int metricsPort) {
    return PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body());
  }

  private static JsonNode otlpStatus(int metricsPort) {
    JsonNode exporters = Json.parseObject(HttpGet.get("http://127.0.0.1:" + metricsPort + "/status").body()).path("exporters");
    for (JsonNode exporter : exporters) {
      if (exporter.path("name").asText().equals("otlp")) {
        return exporter;
      }
    }
    throw new AssertionError("no otlp exporter in /status: " + exporters);
  }

  private static void awaitMetric(int metricsPort, Predicate<PrometheusText> condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    PrometheusText last = null;
    while (System.nanoTime() < deadline) {
      last = metrics(metricsPort);
      if (condition.test(last)) {
        return;
      }
      sleep(250);
    }
    throw new AssertionError("metrics condition not met within " + WAIT + "; last scrape:\n" + last);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void assertAppAnswersNormally(int appPort) {
    for (int i = 0; i < 5; i++) {
      HttpGet.Response response = HttpGet.get("http://127.0.0.1:" + appPort + "/owners/1", Duration.ofSeconds(5));
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.body()).contains("George Franklin");
    }
  }

  @Test
  void aReceiverThatIsDownFromTheStartCostsDropsNotRequestsAndExportResumesWhenItComesUp() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      receiver.stop(); // the port is known, nothing listens on it
      try (AgentJvm demo = start(receiver, appPort, metricsPort)) {
        assertAppAnswersNormally(appPort);
        awaitMetric(
            metricsPort, m -> m.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "export_failed") > 0);
        JsonNode failing = otlpStatus(metricsPort);
        assertThat(failing.path("state").asText()).isEqualTo("FAILING");
        assertThat(failing.path("last_error").asText()).isNotBlank();
        assertThat(demo.stderrLines()).anySatisfy(line -> assertThat(line).contains("\"event\":\"exporter_failed\""));

        receiver.start();
        receiver.store().awaitSpans(span -> span.name().startsWith("GET"), 1, WAIT);
        awaitMetric(metricsPort, m -> m.value("argus_exporter_up", "exporter", "otlp") == 1);
        assertThat(otlpStatus(metricsPort).path("state").asText()).isEqualTo("OK");
        assertAppAnswersNormally(appPort);
      }
    }
  }

  @Test
  void aReceiverAnswering500IsCountedAsFailedExportsWhileTheAppIsUnaffected() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      receiver.respondWithStatus(500);
      try (AgentJvm demo = start(receiver, appPort, metricsPort)) {
        assertAppAnswersNormally(appPort);
        awaitMetric(metricsPort, m -> m.value("argus_exporter_failures_total", "exporter", "otlp") > 0);
        assertThat(otlpStatus(metricsPort).path("last_error").asText()).isNotBlank();

        receiver.respondNormally();
        receiver.store().awaitSpans(span -> span.name().startsWith("GET"), 1, WAIT);
        awaitMetric(metricsPort, m -> m.value("argus_spans_exported_total", "exporter", "otlp") > 0);
      }
    }
  }

  @Test
  void aReceiverThatStallsNeverSlowsTheAppAndTheAgentHoldsABoundedNumberOfBatches() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      receiver.delayResponses(Duration.ofSeconds(5)); // far beyond the 1 s exporter timeout
      try (AgentJvm demo = start(receiver, appPort, metricsPort, "ARGUS_EXPORT_BATCH_SIZE", "2")) {
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/hello", Duration.ofSeconds(5)).status())
              .isEqualTo(200);
        }
        // 20 loopback requests; a blocked application thread would take seconds.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        awaitMetric(
            metricsPort,
            m -> m.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "exporter_busy") > 0
                || m.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "export_failed") > 0);
        JsonNode otlp = otlpStatus(metricsPort);
        assertThat(otlp.path("in_flight_batches").asInt()).isLessThanOrEqualTo(2);
        PrometheusText m = metrics(metricsPort);
        assertThat(m.value("argus_span_queue_depth")).isLessThanOrEqualTo(m.value("argus_span_queue_capacity"));
      }
    }
  }
}
