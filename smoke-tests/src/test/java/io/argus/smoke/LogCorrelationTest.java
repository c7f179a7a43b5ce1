package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import io.argus.smoke.harness.SmokeApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real Logback (JsonEncoder, and behind an AsyncAppender), Log4j 2 (JsonTemplateLayout) and java.util.logging (the
 * agent's TraceContextFormatter) in apps/log-correlation-app, a JDK HttpServer traced by the agent. Lines logged inside
 * a request, on the request thread or from a pool task, must carry the ids of the SERVER span the agent exported;
 * lines logged outside (start-up, a periodic heartbeat) carry none.
 */
class LogCorrelationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  /** One log line: message and the trace fields found in it (absent keys missing). */
  record Line(String message, Map<String, String> fields) {}

  /** What one run of the app left: each log file's text, and request number -> its exported SERVER span. */
  record Run(Map<String, String> texts, Map<Integer, ReceivedSpan> requests) {}

  private static Path dir;
  private static final Map<String, List<Line>> FILES = new HashMap<>();
  /** Request number -> its exported SERVER span. */
  private static final Map<Integer, ReceivedSpan> REQUESTS = new HashMap<>();

  @BeforeAll
  static void logInsideAndOutsideRequests() throws IOException {
    dir = Files.createTempDirectory("argus-log-correlation");
    Run run = run(dir, Map.of());
    FILES.putAll(parse(run.texts()));
    REQUESTS.putAll(run.requests());
  }

  @AfterAll
  static void cleanUp() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
    }
  }

  /** Runs the app, makes three requests, and returns each log file's text once every line is there. */
  private static Run run(Path dir, Map<String, String> env) throws IOException {
    Path julConfig = dir.resolve("logging.properties");
    Files.writeString(julConfig, String.join("\n",
        "handlers = java.util.logging.FileHandler",
        "java.util.logging.FileHandler.pattern = " + dir.resolve("jul.log"),
        "java.util.logging.FileHandler.formatter = io.argus.bootstrap.jul.TraceContextFormatter",
        "io.argus.bootstrap.jul.TraceContextFormatter.format = %5$s|%7$s|%8$s|%9$s|%10$s%n", ""));
    int port = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      AgentJvm.Builder builder = AgentJvm.builder()
          .name("log-correlation")
          .classPath(SmokeApps.classPath("log-correlation-app"))
          .mainClass("io.argus.smoke.apps.logs.LogCorrelationApp")
          .args(String.valueOf(port))
          .systemProperty("logback.file", dir.resolve("logback.json").toString())
          .systemProperty("logback.async.file", dir.resolve("logback-async.json").toString())
          .systemProperty("log4j2.file", dir.resolve("log4j2.json").toString())
          .systemProperty("java.util.logging.config.file", julConfig.toString())
          .env("OTEL_TRACES_EXPORTER", "otlp")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
          .env("ARGUS_EXPORT_DELAY", "100")
          .env("ARGUS_METRICS_PORT", "0");
      env.forEach(builder::env);
      try (AgentJvm app = builder.start()) {
        app.awaitStdout("LOGS READY", WAIT);
        String base = "http://127.0.0.1:" + port;
        assertThat(HttpGet.get(URI.create(base + "/log?n=1"),
            Map.of("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01", "X-Request-ID", "req-log-1"), WAIT)
            .status()).isEqualTo(200);
        assertThat(HttpGet.get(base + "/log?n=2").status()).isEqualTo(200);
        assertThat(HttpGet.get(base + "/log-with-request-id?n=3").status()).isEqualTo(200);

        Map<Integer, ReceivedSpan> requests = new HashMap<>();
        List<ReceivedSpan> logRequests = receiver.store().awaitSpans(s -> s.name().equals("GET /log"), 2, WAIT);
        for (ReceivedSpan span : logRequests) {
          requests.put(span.traceId().equals(TRACE_ID) ? 1 : 2, span);
        }
        requests.put(3, receiver.store().awaitSpans(s -> s.name().equals("GET /log-with-request-id"), 1, WAIT).get(0));

        Map<String, String> texts = new LinkedHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String file : List.of("logback.json", "logback-async.json", "log4j2.json", "jul.log")) {
          String text = "";
          while (System.nanoTime() < deadline) {
            text = Files.exists(dir.resolve(file)) ? Files.readString(dir.resolve(file)) : "";
            if (text.contains("with request id 3") && text.contains("inside pool task 2")) {
              break;
            }
            sleep(100);
          }
          texts.put(file, text);
        }
        assertThat(app.stderrLines()).noneSatisfy(line -> assertThat(line).contains("instrumentation_error"));
        return new Run(texts, requests);
      }
    }
  }

  private static Map<String, List<Line>> parse(Map<String, String> texts) {
    Map<String, List<Line>> parsed = new HashMap<>();
    texts.forEach((file, text) -> {
      List<Line> lines = new ArrayList<>();
      for (String raw : text.split("\n")) {
        if (raw.isBlank()) {
          continue;
        }
        if (file.equals("jul.log")) {
          String[] parts = raw.split("\\|", -1);
          Map<String, String> fields = new HashMap<>();
          String[] keys = {"trace_id", "span_id", "trace_flags", "request_id"};
          for (int i = 0; i < keys.length; i++) {
            if (!parts[i + 1].isEmpty()) {
              fields.put(keys[i], parts[i + 1]);
            }
          }
          lines.add(new Line(parts[0], fields));
        } else {
          JsonNode json = Json.parseObject(raw);
          Map<String, String> fields = new HashMap<>();
          JsonNode mdc = json.path("mdc");
          for (Iterator<Map.Entry<String, JsonNode>> it = mdc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            fields.put(entry.getKey(), entry.getValue().asText());
          }
          lines.add(new Line(json.path("message").asText(), fields));
        }
      }
      parsed.put(file, lines);
    });
    return parsed;
  }

  private static List<Line> lines(String file, String messagePrefix) {
    List<Line> matching = FILES.get(file).stream().filter(line -> line.message().startsWith(messagePrefix)).toList();
    assertThat(matching).as("%s lines starting with '%s'", file, messagePrefix).isNotEmpty();
    return matching;
  }

  /** Every line of request n, on the request thread and from the pool task, carries that request's span ids. */
  private static void assertRequestLinesCarryTheirSpan(String file) {
    for (int n = 1; n <= 2; n++) {
      ReceivedSpan server = REQUESTS.get(n);
      List<Line> lines = new ArrayList<>(lines(file, "inside request " + n));
      lines.addAll(lines(file, "inside pool task " + n));
      assertThat(lines).as("%s, request %d", file, n).hasSize(2).allSatisfy(line -> {
        assertThat(line.fields()).containsEntry("trace_id", server.traceId());
        assertThat(line.fields()).containsEntry("span_id", server.spanId());
        assertThat(line.fields()).containsEntry("trace_flags", "01");
      });
    }
    assertThat(REQUESTS.get(1).traceId()).isEqualTo(TRACE_ID);
  }

  @Test
  void everyLogbackLineWrittenInsideATracedRequestCarriesTheIdsOfItsExportedSpan() {
    assertRequestLinesCarryTheirSpan("logback.json");
    // the application's own MDC entry is still there next to them
    assertThat(lines("logback.json", "inside request 1").get(0).fields()).containsEntry("user", "u1");
  }

  @Test
  void logbackBehindAnAsyncAppenderKeepsTheIdsOfTheThreadThatLogged() {
    assertRequestLinesCarryTheirSpan("logback-async.json");
  }

  @Test
  void everyLog4j2LineWrittenInsideATracedRequestCarriesTheIdsOfItsExportedSpan() {
    assertRequestLinesCarryTheirSpan("log4j2.json");
    assertThat(lines("log4j2.json", "inside request 1").get(0).fields()).containsEntry("user", "u1");
  }

  @Test
  void javaUtilLoggingThroughTraceContextFormatterCarriesTheIdsOfTheExportedSpan() {
    assertRequestLinesCarryTheirSpan("jul.log");
  }

  @Test
  void linesWrittenOutsideAnyRequestCarryNoTraceFields() {
    for (String file : FILES.keySet()) {
      List<Line> outside = new ArrayList<>(lines(file, "outside at start-up"));
      outside.addAll(lines(file, "outside heartbeat"));
      assertThat(outside).as(file).allSatisfy(line ->
          assertThat(line.fields()).doesNotContainKeys("trace_id", "span_id", "trace_flags", "request_id"));
    }
  }

  @Test
  void theRequestIdOfTheContextIsLoggedUnderItsOwnKey() {
    ReceivedSpan server = REQUESTS.get(3);
    for (String file : FILES.keySet()) {
      assertThat(lines(file, "with request id 3")).as(file).allSatisfy(line -> {
        assertThat(line.fields()).containsEntry("request_id", "req-app-3");
        assertThat(line.fields()).containsEntry("span_id", server.spanId());
      });
      // Lines of request 1 carry its X-Request-ID once the HTTP instrumentation puts it in the context; never another.
      assertThat(lines(file, "inside request 1")).allSatisfy(line ->
          assertThat(line.fields().getOrDefault("request_id", "req-log-1")).isEqualTo("req-log-1"));
    }
  }

  @Test
  void configuredKeysReplaceTheDefaultFieldNames() throws IOException {
    Path other = Files.createTempDirectory("argus-log-keys");
    try {
      Run run = run(other, Map.of(
          "OTEL_INSTRUMENTATION_COMMON_LOGGING_TRACE_ID", "traceId",
          "OTEL_INSTRUMENTATION_COMMON_LOGGING_SPAN_ID", "spanId",
          "OTEL_INSTRUMENTATION_COMMON_LOGGING_TRACE_FLAGS", "traceFlags",
          "ARGUS_LOGGING_REQUEST_ID_KEY", "requestId"));
      Map<String, List<Line>> parsed = parse(run.texts());
      for (String file : List.of("logback.json", "log4j2.json")) {
        Line line = parsed.get(file).stream().filter(l -> l.message().equals("with request id 3")).findFirst()
            .orElseThrow();
        assertThat(line.fields()).containsKeys("traceId", "spanId", "traceFlags", "requestId")
            .doesNotContainKeys("trace_id", "span_id", "trace_flags", "request_id");
      }
    } finally {
      try (var files = Files.walk(other)) {
        files.sorted((a, b) -> b.compareTo(a)).forEach(path -> path.toFile().delete());
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted", e));
    }
  }
}
