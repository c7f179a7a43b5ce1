package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentEndpoint;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpLoad;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * A backend that is down, dies, refuses, throttles, stalls or talks garbage never changes the application's answers;
 * its losses are counted by reason on /metrics and /status, the agent holds a bounded number of batches, and export
 * resumes by itself when the backend recovers, with no restart. The latency figures go to docs/reliability.md.
 */
class ExporterFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration LOAD = Duration.ofSeconds(4);
  private static final String OWNER_URL_PATH = "/owners/1";
  private static final Predicate<String> OWNER_ONE = body -> body.contains("George Franklin");

  private static long otlpDrops(PrometheusText metrics) {
    return (long) (metrics.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "export_failed")
        + metrics.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "exporter_busy"));
  }

  private static long events(AgentJvm jvm, String event) {
    return jvm.stderrLines().stream().filter(line -> line.contains("\"event\":\"" + event + "\"")).count();
  }

  /** The agent counts a failure a moment before it logs it, and the log reaches us through a pipe. */
  private static void awaitLogged(AgentJvm jvm, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("agent log condition not met within 10 s" + jvm.describeOutput());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(ReceiverFault.class)
  void aFailingReceiverCostsCountedDropsNeverAnswersAndExportResumesByItself(ReceiverFault fault) {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    String app = "http://127.0.0.1:" + appPort + OWNER_URL_PATH;
    AgentEndpoint agent = new AgentEndpoint(metricsPort);
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      if (fault == ReceiverFault.DOWN_FROM_START) {
        fault.apply(receiver);
      }
      try (AgentJvm demo = DemoService.exportingTo(receiver, appPort, metricsPort, "1000")) {
        if (fault != ReceiverFault.DOWN_FROM_START) {
          HttpLoad.run(app, OWNER_ONE, Duration.ofSeconds(1), 20, 1);
          receiver.awaitSpans(span -> span.name().equals("GET /owners/{id}"), 1, WAIT); // healthy at first
          fault.apply(receiver);
        }

        HttpLoad.Result load = HttpLoad.run(app, OWNER_ONE, LOAD, 50, 2);
        ReliabilityFigures.record("ExporterFailureTest " + fault, load.summary());
        assertThat(load.failures()).as("answers that differ from the application's own").isEmpty();
        assertThat(load.requests()).isGreaterThan(100);

        PrometheusText failing = agent.awaitMetrics(m -> otlpDrops(m) > 0, WAIT);
        JsonNode otlp = agent.exporterStatus("otlp");
        assertThat(otlp.path("state").asText()).isEqualTo("FAILING");
        assertThat(otlp.path("last_error").asText()).isNotBlank();
        assertThat(otlp.path("in_flight_batches").asInt()).isLessThanOrEqualTo(2);
        JsonNode dropped = agent.status().at("/spans/dropped");
        assertThat(dropped.path("export_failed").asLong() + dropped.path("exporter_busy").asLong()).isPositive();
        assertThat(failing.value("argus_exporter_up", "exporter", "otlp")).isZero();
        assertThat(failing.value("argus_span_queue_depth")).isLessThanOrEqualTo(failing.value("argus_span_queue_capacity"));
        ReliabilityFigures.record("ExporterFailureTest " + fault, "dropped export_failed="
            + dropped.path("export_failed").asLong() + " exporter_busy=" + dropped.path("exporter_busy").asLong()
            + " last_error=" + otlp.path("last_error").asText());
        // Logged once per outage, however many batches fail (an earlier blip, e.g. a cold start beyond the 1 s timeout,
        // is an outage of its own that ended with a recovery line).
        awaitLogged(demo, () -> events(demo, "exporter_failed") == events(demo, "exporter_recovered") + 1);
        assertThat(failing.value("argus_exporter_failures_total", "exporter", "otlp"))
            .isGreaterThan(events(demo, "exporter_failed"));
        if (fault == ReceiverFault.HTTP_429_WITH_RETRY_AFTER) {
          // Retry-After: 30 is honoured only within the 1 s export timeout: every export call ended within 5 s.
          assertThat(failing.value("argus_export_duration_seconds_bucket", "exporter", "otlp", "le", "5.0"))
              .isEqualTo(failing.value("argus_export_duration_seconds_count", "exporter", "otlp"));
        }

        fault.recover(receiver);
        int before = receiver.spans(span -> span.name().equals("GET /owners/{id}")).size();
        // Traffic goes on while waiting: the exporter only learns that the backend is back by sending to it.
        agent.awaitMetrics(m -> {
          assertThat(HttpLoad.run(app, OWNER_ONE, Duration.ofMillis(500), 20, 1).failures()).isEmpty();
          return m.value("argus_exporter_up", "exporter", "otlp") == 1;
        }, WAIT);
        receiver.awaitSpans(span -> span.name().equals("GET /owners/{id}"), before + 1, WAIT);
        assertThat(agent.exporterStatus("otlp").path("state").asText()).isEqualTo("OK");
        assertThat(demo.stderrLines()).anySatisfy(line -> assertThat(line).contains("\"event\":\"exporter_recovered\""));
        assertThat(demo.isAlive()).as("no restart").isTrue();
      }
    }
  }

  @Test
  void a429WithRetryAfterIsRetriedWithTheSameBatchNoSoonerThanAsked() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      receiver.failNext(1, 429, Duration.ofSeconds(2)); // whichever batch comes first is throttled
      try (AgentJvm demo = DemoService.exportingTo(receiver, appPort, metricsPort, "10s")) {
      HttpLoad.Result load = HttpLoad.run("http://127.0.0.1:" + appPort + OWNER_URL_PATH, OWNER_ONE,
          Duration.ofSeconds(1), 10, 1);
      receiver.awaitSpans(span -> span.name().equals("GET /owners/{id}"), 10, WAIT);

      assertThat(load.failures()).isEmpty();
      List<OtlpHttpReceiver.LoggedRequest> log = receiver.requestLog();
      OtlpHttpReceiver.LoggedRequest throttled = log.get(0);
      assertThat(throttled.status()).as("first request").isEqualTo(429);
      OtlpHttpReceiver.LoggedRequest retry = log.stream()
          .filter(r -> r.bodyHash() == throttled.bodyHash() && r.status() == 200)
          .findFirst()
          .orElseThrow(() -> new AssertionError("the throttled batch was never sent again: " + log));
      long waitedMillis = (retry.arrivalNanos() - throttled.arrivalNanos()) / 1_000_000L;
      ReliabilityFigures.record("ExporterFailureTest 429 Retry-After: 2", "batch retried after " + waitedMillis + " ms");
      assertThat(waitedMillis).isGreaterThanOrEqualTo(1_900);
      assertThat(new AgentEndpoint(metricsPort).metrics()
          .value("argus_spans_dropped_total", "exporter", "otlp", "reason", "export_failed")).isZero();
      }
    }
  }
}
