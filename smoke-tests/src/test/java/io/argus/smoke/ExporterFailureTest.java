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
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A backend that is down, dies, refuses, throttles, stalls or talks garbage never changes the application's answers;
 * its losses are counted by reason on /metrics and /status, the agent holds a bounded number of batches, and export
 * resumes by itself when the backend recovers, with no restart. One demo JVM lives through the faults one after the
 * other (as a real service would); a receiver down from the very start and Retry-After get JVMs of their own. The
 * latency figures go to docs/reliability.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExporterFailureTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration LOAD = Duration.ofSeconds(4);
  private static final String OWNER_PATH = "/owners/1";
  private static final Predicate<String> OWNER_ONE = body -> body.contains("George Franklin");
  private static final String SERVER_SPAN = "GET /owners/{id}";

  private OtlpHttpReceiver sharedReceiver;
  private AgentJvm sharedDemo;
  private int sharedAppPort;
  private AgentEndpoint sharedAgent;

  @BeforeAll
  void startTheSharedDemo() {
    sharedReceiver = OtlpHttpReceiver.listen();
    sharedAppPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    sharedDemo = DemoService.exportingTo(sharedReceiver, sharedAppPort, metricsPort, "1000");
    sharedAgent = new AgentEndpoint(metricsPort);
  }

  @AfterAll
  void stopTheSharedDemo() {
    if (sharedDemo != null) {
      sharedDemo.close();
    }
    sharedReceiver.close();
  }

  @ParameterizedTest
  @EnumSource(value = ReceiverFault.class, mode = EnumSource.Mode.EXCLUDE, names = "DOWN_FROM_START")
  void aReceiverFailingMidRunCostsCountedDropsNeverAnswersAndExportResumesByItself(ReceiverFault fault) {
    String app = "http://127.0.0.1:" + sharedAppPort + OWNER_PATH;
    // Healthy first: export works before the fault.
    int exported = sharedReceiver.spans(span -> span.name().equals(SERVER_SPAN)).size();
    HttpLoad.run(app, OWNER_ONE, Duration.ofSeconds(1), 20, 1);
    sharedReceiver.awaitSpans(span -> span.name().equals(SERVER_SPAN), exported + 1, WAIT);
    sharedAgent.awaitMetrics(m -> m.value("argus_exporter_up", "exporter", "otlp") == 1, WAIT);

    fault.apply(sharedReceiver);
    try {
      survivesAndRecovers(fault, sharedReceiver, sharedDemo, sharedAgent, app);
    } finally {
      fault.recover(sharedReceiver); // whatever happened, the next fault starts from a working receiver
    }
  }

  @Test
  void aReceiverThatIsDownFromTheStartCostsCountedDropsNeverAnswersAndExportStartsWhenItComesUp() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      ReceiverFault.DOWN_FROM_START.apply(receiver);
      try (AgentJvm demo = DemoService.exportingTo(receiver, appPort, metricsPort, "1000")) {
        survivesAndRecovers(ReceiverFault.DOWN_FROM_START, receiver, demo, new AgentEndpoint(metricsPort),
            "http://127.0.0.1:" + appPort + OWNER_PATH);
      }
    }
  }

  private static void survivesAndRecovers(
      ReceiverFault fault, OtlpHttpReceiver receiver, AgentJvm demo, AgentEndpoint agent, String app) {
    JsonNode droppedBefore = agent.status().at("/spans/dropped");
    long lossesBefore = droppedBefore.path("export_failed").asLong() + droppedBefore.path("exporter_busy").asLong();

    HttpLoad.Result load = HttpLoad.run(app, OWNER_ONE, LOAD, 50, 2);
    ReliabilityFigures.record("ExporterFailureTest " + fault, load.summary());
    assertThat(load.failures()).as("answers that differ from the application's own").isEmpty();
    assertThat(load.requests()).isGreaterThan(100);

    PrometheusText failing = agent.awaitMetrics(m -> otlpLosses(m) > lossesBefore, WAIT);
    JsonNode otlp = agent.exporterStatus("otlp");
    assertThat(otlp.path("state").asText()).isEqualTo("FAILING");
    assertThat(otlp.path("last_error").asText()).isNotBlank();
    assertThat(otlp.path("in_flight_batches").asInt()).isLessThanOrEqualTo(2);
    assertThat(failing.value("argus_exporter_up", "exporter", "otlp")).isZero();
    assertThat(failing.value("argus_span_queue_depth")).isLessThanOrEqualTo(failing.value("argus_span_queue_capacity"));
    JsonNode dropped = agent.status().at("/spans/dropped");
    assertThat(dropped.path("export_failed").asLong() + dropped.path("exporter_busy").asLong())
        .as("/status agrees with /metrics").isGreaterThanOrEqualTo(otlpLosses(failing));
    ReliabilityFigures.record("ExporterFailureTest " + fault, "dropped export_failed +"
        + (dropped.path("export_failed").asLong() - droppedBefore.path("export_failed").asLong())
        + " exporter_busy +" + (dropped.path("exporter_busy").asLong() - droppedBefore.path("exporter_busy").asLong())
        + "; last_error=" + otlp.path("last_error").asText());
    // Logged once per outage, however many batches fail.
    awaitLogged(demo, () -> events(demo, "exporter_failed") == events(demo, "exporter_recovered") + 1);
    assertThat(failing.value("argus_exporter_failures_total", "exporter", "otlp"))
        .isGreaterThan(events(demo, "exporter_failed"));
    if (fault == ReceiverFault.HTTP_429_WITH_RETRY_AFTER) {
      // Retry-After: 30 is honoured only within the 1 s export timeout: every export call ended within 5 s.
      assertThat(failing.value("argus_export_duration_seconds_bucket", "exporter", "otlp", "le", "5.0"))
          .isEqualTo(failing.value("argus_export_duration_seconds_count", "exporter", "otlp"));
    }

    fault.recover(receiver);
    int before = receiver.spans(span -> span.name().equals(SERVER_SPAN)).size();
    // Traffic goes on while waiting: the exporter only learns that the backend is back by sending to it.
    agent.awaitMetrics(m -> {
      assertThat(HttpLoad.run(app, OWNER_ONE, Duration.ofMillis(500), 20, 1).failures()).isEmpty();
      return m.value("argus_exporter_up", "exporter", "otlp") == 1;
    }, WAIT);
    receiver.awaitSpans(span -> span.name().equals(SERVER_SPAN), before + 1, WAIT);
    assertThat(agent.exporterStatus("otlp").path("state").asText()).isEqualTo("OK");
    awaitLogged(demo, () -> events(demo, "exporter_recovered") == events(demo, "exporter_failed"));
    assertThat(demo.isAlive()).as("no restart").isTrue();
  }

  @Test
  void a429WithRetryAfterIsRetriedWithTheSameBatchNoSoonerThanAsked() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      receiver.failNext(1, 429, Duration.ofSeconds(2)); // whichever batch comes first is throttled
      try (AgentJvm demo = DemoService.exportingTo(receiver, appPort, metricsPort, "10s")) {
        HttpLoad.Result load =
            HttpLoad.run("http://127.0.0.1:" + appPort + OWNER_PATH, OWNER_ONE, Duration.ofSeconds(1), 10, 1);
        receiver.awaitSpans(span -> span.name().equals(SERVER_SPAN), 10, WAIT);
        assertThat(load.failures()).isEmpty();

        OtlpHttpReceiver.LoggedRequest throttled = receiver.requestLog().get(0);
        assertThat(throttled.status()).as("first request").isEqualTo(429);
        OtlpHttpReceiver.LoggedRequest retry = awaitRequest(receiver,
            r -> r.bodyHash() == throttled.bodyHash() && r.status() == 200, Duration.ofSeconds(30));
        long waitedMillis = (retry.arrivalNanos() - throttled.arrivalNanos()) / 1_000_000L;
        ReliabilityFigures.record("ExporterFailureTest 429 Retry-After: 2", "batch retried after " + waitedMillis + " ms");
        assertThat(waitedMillis).isGreaterThanOrEqualTo(1_900);
        assertThat(new AgentEndpoint(metricsPort).metrics()
            .value("argus_spans_dropped_total", "exporter", "otlp", "reason", "export_failed")).isZero();
      }
    }
  }

  /** The first request of the receiver's log that matches, waiting for it up to {@code timeout}. */
  private static OtlpHttpReceiver.LoggedRequest awaitRequest(
      OtlpHttpReceiver receiver, Predicate<OtlpHttpReceiver.LoggedRequest> matching, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<OtlpHttpReceiver.LoggedRequest> log = receiver.requestLog();
      for (OtlpHttpReceiver.LoggedRequest request : log) {
        if (matching.test(request)) {
          return request;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no matching request within " + timeout + ": " + log);
      }
      sleep(Duration.ofMillis(100));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static long otlpLosses(PrometheusText metrics) {
    return (long) (metrics.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "export_failed")
        + metrics.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "exporter_busy"));
  }

  /** Lines of this event, not counting the agent log's summaries of repeats (which carry a "repeated" count). */
  private static long events(AgentJvm jvm, String event) {
    return jvm.stderrLines().stream()
        .filter(line -> line.contains("\"event\":\"" + event + "\"") && !line.contains("\"repeated\""))
        .count();
  }

  /** The agent counts a failure a moment before it logs it, and the log reaches us through a pipe. */
  private static void awaitLogged(AgentJvm jvm, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("agent log condition not met within 10 s" + jvm.describeOutput());
      }
      sleep(Duration.ofMillis(100));
    }
  }
}
