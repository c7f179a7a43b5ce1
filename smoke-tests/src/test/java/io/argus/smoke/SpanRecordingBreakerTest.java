package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentEndpoint;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Jcmd;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker, each condition induced for real in {@code apps/demo-service} PressureService: a burst of spans
 * into a tiny queue, and a heap hog in a small heap. Recording pauses (metrics go on), the pause is said once on
 * stderr and shown on /status and /metrics, and recording resumes by itself when the pressure is gone.
 */
class SpanRecordingBreakerTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Predicate<ReceivedSpan> HELLO = span -> "/hello".equals(span.attribute("url.path"));

  private static AgentJvm start(OtlpHttpReceiver receiver, int appPort, int metricsPort, String... settings) {
    AgentJvm.Builder builder = AgentJvm.builder()
        .name("pressure")
        .classPath(SmokeApps.classPath("demo-service"))
        .mainClass("io.argus.demo.PressureService")
        .args(String.valueOf(appPort))
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("ARGUS_EXPORT_DELAY", "100")
        .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
        .jvmArgs("-Xmx128m");
    for (int i = 0; i + 1 < settings.length; i += 2) {
      builder.env(settings[i], settings[i + 1]);
    }
    AgentJvm jvm = builder.start();
    try {
      jvm.awaitStdout("PRESSURE READY", DemoService.STARTUP);
      // The pipeline, the breaker and the endpoint start in the background: pressure before that would test nothing.
      HttpGet.awaitStatus("http://127.0.0.1:" + metricsPort + "/ready", 200, WAIT);
      return jvm;
    } catch (RuntimeException | AssertionError e) {
      jvm.close(); // the caller never gets it to close
      throw e;
    }
  }

  private static String get(int appPort, String path) {
    HttpGet.Response response = HttpGet.get("http://127.0.0.1:" + appPort + path, Duration.ofSeconds(30));
    assertThat(response.status()).as(path).isEqualTo(200);
    return response.body();
  }

  private static long logged(AgentJvm jvm, String event) {
    return jvm.stderrLines().stream().filter(line -> line.contains("\"event\":\"" + event + "\"")).count();
  }

  private static boolean paused(JsonNode status) {
    return status.at("/span_recording/paused").asBoolean();
  }

  /** While paused: the application answers, its metrics count every request, and no span is recorded. */
  private static void assertMetricsGoOnWithoutSpans(AgentEndpoint agent, int appPort, OtlpHttpReceiver receiver) {
    PrometheusText before = agent.metrics();
    int helloSpans = receiver.spans(HELLO).size();
    for (int i = 0; i < 5; i++) {
      assertThat(get(appPort, "/hello")).contains("hello");
    }
    PrometheusText after = agent.awaitMetrics(
        m -> m.sum("http_server_request_duration_seconds_count") >= before.sum("http_server_request_duration_seconds_count") + 5,
        WAIT);
    assertThat(paused(agent.status())).as("still paused after the requests").isTrue();
    assertThat(after.value("argus_span_recording_paused")).isEqualTo(1);
    assertThat(after.value("argus_spans_dropped_total", "exporter", "all", "reason", "recording_paused"))
        .isGreaterThanOrEqualTo(before.value("argus_spans_dropped_total", "exporter", "all", "reason", "recording_paused") + 5);
    assertThat(receiver.spans(HELLO)).hasSize(helloSpans);
  }

  /** Recording again: a new request is traced and exported. */
  private static void assertRecordingResumed(AgentEndpoint agent, AgentJvm jvm, int appPort, OtlpHttpReceiver receiver) {
    JsonNode status = agent.awaitStatus(s -> !paused(s), WAIT);
    assertThat(status.at("/span_recording/reason").isNull()).isTrue();
    jvm.awaitStderr("\"event\":\"span_recording_resumed\"", WAIT);
    assertThat(agent.metrics().value("argus_span_recording_paused")).isZero();
    int helloSpans = receiver.spans(HELLO).size();
    get(appPort, "/hello");
    receiver.awaitSpans(HELLO, helloSpans + 1, WAIT);
  }

  @Test
  void aQueueThatKeepsOverflowingPausesRecordingForAWindowThenRecordingResumes() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    AgentEndpoint agent = new AgentEndpoint(metricsPort);
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm jvm = start(receiver, appPort, metricsPort,
            "ARGUS_SPAN_QUEUE_CAPACITY", "16",
            "ARGUS_BREAKER_QUEUE_DROPS", "500",
            "ARGUS_BREAKER_WINDOW", "8s")) {
      get(appPort, "/burst?spans=50000");

      JsonNode status = agent.awaitStatus(SpanRecordingBreakerTest::paused, WAIT);
      assertThat(status.at("/span_recording/reason").asText()).isEqualTo("queue_overflow");
      assertThat(status.at("/span_recording/detail").asText()).contains("spans dropped at the full queue");
      assertThat(status.at("/span_recording/pauses/queue_overflow").asLong()).isEqualTo(1);
      String pausedLine = jvm.awaitStderr("\"event\":\"span_recording_paused\"", WAIT);
      assertThat(pausedLine).contains("\"reason\":\"queue_overflow\"");
      assertThat(agent.metrics().value("argus_span_recording_pauses_total", "reason", "queue_overflow")).isEqualTo(1);
      assertMetricsGoOnWithoutSpans(agent, appPort, receiver);

      assertRecordingResumed(agent, jvm, appPort, receiver);
      assertThat(logged(jvm, "span_recording_paused")).as("said once").isEqualTo(1);
      ReliabilityFigures.record("SpanRecordingBreakerTest queue", "50000-span burst into a 16-span queue: "
          + (long) agent.metrics().value("argus_spans_dropped_total", "exporter", "all", "reason", "queue_full")
          + " dropped at the queue, 1 pause, " + status.at("/span_recording/detail").asText());
    }
  }

  @Test
  void heapPressureAfterGarbageCollectionPausesRecordingUntilACollectionFreesTheHeap() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    AgentEndpoint agent = new AgentEndpoint(metricsPort);
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm jvm = start(receiver, appPort, metricsPort,
            "ARGUS_BREAKER_HEAP_RATIO", "0.5",
            "ARGUS_BREAKER_HEAP_RESUME_RATIO", "0.3")) {
      get(appPort, "/hello");
      receiver.awaitSpans(HELLO, 1, WAIT);
      assertThat(paused(agent.status())).as("an ordinary heap does not pause").isFalse();

      get(appPort, "/hog?mb=70"); // of a 128 MiB heap
      Jcmd.run(jvm.pid(), "GC.run"); // a collection after the hog, whenever the JVM would have run one

      JsonNode status = agent.awaitStatus(SpanRecordingBreakerTest::paused, WAIT);
      assertThat(status.at("/span_recording/reason").asText()).isEqualTo("heap_pressure");
      assertThat(status.at("/span_recording/heap_after_gc_ratio").asDouble()).isGreaterThanOrEqualTo(0.5);
      String pausedLine = jvm.awaitStderr("\"event\":\"span_recording_paused\"", WAIT);
      assertThat(pausedLine).contains("\"reason\":\"heap_pressure\"", "heap used after GC is");
      assertMetricsGoOnWithoutSpans(agent, appPort, receiver);

      get(appPort, "/release"); // drops the hog and collects
      assertRecordingResumed(agent, jvm, appPort, receiver);
      assertThat(logged(jvm, "span_recording_paused")).as("said once").isEqualTo(1);
      ReliabilityFigures.record("SpanRecordingBreakerTest heap", "70 MiB hog in a 128 MiB heap: paused at "
          + status.at("/span_recording/detail").asText() + "; resumed at heap-after-GC ratio "
          + agent.status().at("/span_recording/heap_after_gc_ratio").asText());
    }
  }
}
