package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * A bare {@code -javaagent} with no settings at all: JSON lines of finished spans on stdout, and /metrics, /health,
 * /ready, /status on 127.0.0.1:9464.
 */
class ZeroConfigTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void aBareJavaagentPrintsSpansAndServesMetricsHealthReadyAndStatusOnTheDefaultPort() {
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo = DemoService.withTraffic(appPort, 5).start()) {
      DemoService.awaitReady(demo);
      // The traffic generator cycles /hello, /owners, /owners/1, /owners/42, /fail.
      demo.awaitStdout(line -> line.contains("\"name\":\"GET /fail\""), WAIT);

      List<JsonNode> spans = Json.objectLines(demo.stdoutLines());
      JsonNode hello = find(spans, span -> span.path("name").asText().equals("GET /hello"));
      assertThat(hello.path("kind").asText()).isEqualTo("SERVER");
      assertThat(hello.path("trace_id").asText()).matches("[0-9a-f]{32}");
      assertThat(hello.path("span_id").asText()).matches("[0-9a-f]{16}");
      assertThat(hello.path("attributes").path("http.response.status_code").asLong()).isEqualTo(200);
      assertThat(hello.path("attributes").path("http.route").asText()).isEqualTo("/hello");
      assertThat(hello.path("duration_ms").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(hello.path("resource").path("service.name").asText()).isEqualTo("DemoService");
      assertThat(hello.path("resource").path("telemetry.sdk.name").asText()).isEqualTo("argus");
      assertThat(hello.path("resource").path("process.pid").asLong()).isEqualTo(demo.pid());

      // The traffic generator's HttpURLConnection call is an instrumented CLIENT span, and the SERVER span of the
      // request it sent is its child in the same trace, linked through the traceparent header.
      JsonNode caller = find(spans, span -> span.path("span_id").asText().equals(hello.path("parent_span_id").asText()));
      assertThat(caller.path("kind").asText()).isEqualTo("CLIENT");
      assertThat(caller.path("name").asText()).isEqualTo("GET");
      assertThat(caller.path("attributes").path("url.full").asText()).endsWith("/hello");
      assertThat(caller.path("trace_id").asText()).isEqualTo(hello.path("trace_id").asText());

      // The database query is a child of the request's SERVER span.
      JsonNode owners = find(spans, span -> span.path("name").asText().equals("GET /owners"));
      JsonNode query =
          find(
              spans,
              span -> span.path("name").asText().equals("SELECT owners")
                  && span.path("parent_span_id").asText().equals(owners.path("span_id").asText()));
      assertThat(query.path("attributes").path("db.system.name").asText()).isEqualTo("h2");

      // An exception escaping the handler: error status and an exception event with type, message and stack.
      JsonNode fail = find(spans, span -> span.path("name").asText().equals("GET /fail"));
      assertThat(fail.path("status").asText()).isEqualTo("ERROR");
      JsonNode exception = fail.path("events").get(0);
      assertThat(exception.path("name").asText()).isEqualTo("exception");
      assertThat(exception.path("attributes").path("exception.type").asText())
          .isEqualTo("java.lang.IllegalStateException");
      assertThat(exception.path("attributes").path("exception.stacktrace").asText()).contains("DemoService.route");

      String base = "http://127.0.0.1:9464";
      assertThat(HttpGet.get(base + "/health").status()).isEqualTo(200);
      assertThat(HttpGet.awaitStatus(base + "/ready", 200, WAIT).body()).contains("READY");

      PrometheusText metrics = PrometheusText.parse(HttpGet.get(base + "/metrics").body());
      assertThat(metrics.value("argus_spans_started_total")).isGreaterThanOrEqualTo(spans.size());
      assertThat(metrics.value("argus_spans_exported_total", "exporter", "console")).isGreaterThan(0);
      assertThat(metrics.value("argus_span_queue_capacity")).isEqualTo(2048);
      assertThat(metrics.value("argus_spans_dropped_total", "exporter", "all", "reason", "queue_full")).isZero();
      assertThat(metrics.type("argus_export_duration_seconds")).contains("histogram");
      // JVM runtime metrics are on by default.
      assertThat(metrics.sum("jvm_memory_used_bytes")).isGreaterThan(0);
      assertThat(metrics.names()).contains("jvm_threads_current", "process_cpu_seconds_total");

      JsonNode status = Json.parseObject(HttpGet.get(base + "/status").body());
      assertThat(status.at("/agent/version").asText()).isNotBlank();
      assertThat(status.at("/agent/ready").asBoolean()).isTrue();
      assertThat(status.at("/endpoint/address").asText()).isEqualTo("127.0.0.1:9464");
      assertThat(status.at("/exporters/0/name").asText()).isEqualTo("console");
      assertThat(status.at("/exporters/0/state").asText()).isEqualTo("OK");
      assertThat(status.at("/queue/capacity").asInt()).isEqualTo(2048);
      assertThat(status.at("/spans/started").asLong()).isGreaterThan(0);
      assertThat(status.at("/spans/exported/console").asLong()).isGreaterThan(0);
      assertThat(status.at("/spans/dropped/queue_full").asLong()).isZero();
      assertThat(status.at("/config/settings/otel.traces.exporter").asText()).isEqualTo("console");
      assertThat(status.at("/config/problems").size()).isZero();

      // The agent's own log: JSON lines on stderr.
      assertThat(Json.objectLines(demo.stderrLines()))
          .anySatisfy(line -> assertThat(line.path("event").asText()).isEqualTo("agent_started"))
          .allSatisfy(line -> assertThat(line.path("logger").asText()).startsWith("argus."));
    }
  }

  @Test
  void openMetricsIsServedWhenPrometheusAsksForItAndJvmMetricsCanBeSwitchedOff() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 0)
            .systemProperty("argus.metrics.port", String.valueOf(metricsPort))
            .env("ARGUS_METRICS_JVM_ENABLED", "false")
            .start()) {
      DemoService.awaitReady(demo);
      HttpGet.Response response =
          HttpGet.get(
              java.net.URI.create("http://127.0.0.1:" + metricsPort + "/metrics"),
              java.util.Map.of("Accept", "application/openmetrics-text; version=1.0.0"),
              WAIT);

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.headers().get("content-type").get(0)).contains("application/openmetrics-text");
      assertThat(response.body()).contains("argus_spans_started_total").endsWith("# EOF\n");
      assertThat(response.body()).doesNotContain("jvm_memory_used_bytes"); // switched off above
    }
  }

  private static JsonNode find(List<JsonNode> spans, Predicate<JsonNode> predicate) {
    Optional<JsonNode> match = spans.stream().filter(predicate).findFirst();
    assertThat(match).as("a span matching the condition among %s", spans).isPresent();
    return match.get();
  }
}
