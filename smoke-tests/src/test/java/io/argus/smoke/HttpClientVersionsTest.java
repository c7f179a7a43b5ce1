package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Which library versions and JDKs the client instrumentations serve, and how the others are left alone: the oldest
 * supported OkHttp (4.12) and Apache HttpClient 5 (5.1) are traced; OkHttp 3 and HttpClient 4, whose classes the
 * advice does not fit, run untraced with no error; the JDK clients are traced on the newest JDK installed too; and
 * classes already loaded when the agent attaches are retransformed.
 */
class HttpClientVersionsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void theOldestSupportedOkHttpAndApacheHttpClientVersionsAreTraced() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app =
            withExport(HttpClientsApp.builder("oldest-supported", HttpClientsApp.OLDEST_SUPPORTED_LIBRARIES), receiver)
                .start()) {
      int port = HttpClientsApp.awaitPort(app);
      for (String client : List.of("okhttp", "okhttp-async", "apache-httpclient5")) {
        String url = "http://127.0.0.1:" + port + "/status/200?case=" + client + "-oldest";

        assertThat(HttpClientsApp.call(port, client, url)).isEqualTo("status=200");

        assertClientSpanParentsTheServerSpan(receiver, url, "case=" + client + "-oldest");
      }
      assertNoInstrumentationProblems(app);
    }
  }

  @Test
  void okHttp3AndApacheHttpClient4AreLeftAloneAndWorkAsWithoutTheAgent() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app =
            withExport(HttpClientsApp.builder("legacy", HttpClientsApp.LEGACY_LIBRARIES), receiver)
                .env("ARGUS_LOG_LEVEL", "debug")
                .start()) {
      int port = HttpClientsApp.awaitPort(app);
      for (String client : List.of("okhttp", "okhttp-async", "apache-httpclient4")) {
        String marker = "case=" + client + "-legacy";

        assertThat(HttpClientsApp.call(port, client, "http://127.0.0.1:" + port + "/status/200?" + marker))
            .isEqualTo("status=200");

        // The server side is still traced, but nothing propagated the caller's trace to it.
        ReceivedSpan served =
            receiver.store()
                .awaitSpans(
                    s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER && marker.equals(s.attribute("url.query")),
                    1,
                    WAIT)
                .get(0);
        assertThat(served.isRoot()).isTrue();
      }
      assertThat(receiver.store().spans(s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT)).isEmpty();
      assertNoInstrumentationProblems(app);
      assertThat(Json.objectLines(app.stderrLines()))
          .filteredOn(line -> line.path("event").asText().equals("type_transformed"))
          .extracting(line -> line.path("type").asText())
          .isNotEmpty()
          .noneMatch(type -> type.startsWith("okhttp3.") || type.startsWith("org.apache.http."));
    }
  }

  @Test
  void theJdkClientsAreTracedOnTheNewestJdkInstalledToo() {
    Optional<Path> newest = newestOtherJdk();
    Assumptions.assumeTrue(newest.isPresent(), "no JDK newer than the one running the tests under /usr/lib/jvm");
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app =
            withExport(HttpClientsApp.builder("newest-jdk", HttpClientsApp.CURRENT_LIBRARIES), receiver)
                .javaHome(newest.get())
                .start()) {
      int port = HttpClientsApp.awaitPort(app);
      for (String client : List.of("urlconnection", "urlconnection-post", "jdk-httpclient", "jdk-httpclient-async")) {
        String marker = "case=" + client + "-newest-jdk";
        // A POST answered with a redirect is re-sent as a GET without its headers (see docs/instrumentations.md).
        String path = client.endsWith("-post") ? "/status/200?" : "/redirect?";
        String url = "http://127.0.0.1:" + port + path + marker;

        assertThat(HttpClientsApp.call(port, client, url)).isEqualTo("status=200");

        assertClientSpanParentsTheServerSpan(receiver, url, marker);
      }
      assertNoInstrumentationProblems(app);
    }
  }

  @Test
  void clientClassesAlreadyLoadedWhenTheAgentAttachesAreRetransformedAndTraced() throws Exception {
    try (AgentJvm app =
        HttpClientsApp.builder("attach", HttpClientsApp.CURRENT_LIBRARIES)
            .withoutAgent()
            .jvmArgs("-Dargus.metrics.port=0", "-Dargus.export.delay=500")
            .start()) {
      int port = HttpClientsApp.awaitPort(app);
      // Every client once before the agent exists: all their classes are loaded, untransformed.
      for (String client : HttpClientsApp.TRACED_CLIENTS) {
        assertThat(HttpClientsApp.call(port, client, "http://127.0.0.1:" + port + "/status/200"))
            .isEqualTo("status=200");
      }

      VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
      try {
        vm.loadAgent(AgentJvm.agentJar().toString());
      } finally {
        vm.detach();
      }
      app.awaitStderr("\"agent_ready\"", WAIT);

      for (String client : HttpClientsApp.TRACED_CLIENTS) {
        String marker = "case=" + client + "-attached";
        String url = "http://127.0.0.1:" + port + "/status/200?" + marker;
        assertThat(HttpClientsApp.call(port, client, url)).isEqualTo("status=200");

        app.awaitStdout(line -> line.contains("\"url.query\":\"" + marker + "\""), WAIT);
        app.awaitStdout(line -> line.contains("\"url.full\":\"" + url + "\""), WAIT);
        List<JsonNode> spans = Json.objectLines(app.stdoutLines());
        JsonNode call = one(spans, span -> url.equals(span.at("/attributes/url.full").asText()));
        JsonNode served = one(spans, span -> marker.equals(span.at("/attributes/url.query").asText()));
        assertThat(call.path("kind").asText()).isEqualTo("CLIENT");
        assertThat(served.path("parent_span_id").asText()).isEqualTo(call.path("span_id").asText());
        assertThat(served.path("trace_id").asText()).isEqualTo(call.path("trace_id").asText());
      }
      assertNoInstrumentationProblems(app);
    }
  }

  private static AgentJvm.Builder withExport(AgentJvm.Builder builder, OtlpHttpReceiver receiver) {
    return builder
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("ARGUS_EXPORT_DELAY", "500")
        .env("ARGUS_METRICS_PORT", "0");
  }

  private static void assertClientSpanParentsTheServerSpan(OtlpHttpReceiver receiver, String url, String query) {
    ReceivedSpan call =
        receiver.store()
            .awaitSpans(s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT && url.equals(s.attribute("url.full")), 1, WAIT)
            .get(0);
    assertThat(call.attribute("http.response.status_code")).isEqualTo("200");
    ReceivedSpan served =
        receiver.store()
            .awaitSpans(
                s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER && query.equals(s.attribute("url.query")), 1, WAIT)
            .get(0);
    assertThat(served.traceId()).isEqualTo(call.traceId());
    assertThat(served.parentSpanId()).isEqualTo(call.spanId());
  }

  /** No failed transformation, no instrumentation that could not be set up, no error inside advice. */
  private static void assertNoInstrumentationProblems(AgentJvm app) {
    assertThat(Json.objectLines(app.stderrLines()))
        .noneMatch(
            line -> line.path("logger").asText().equals("argus.install")
                && !line.path("level").asText().equals("INFO")
                && !line.path("level").asText().equals("DEBUG"))
        .noneMatch(line -> line.path("event").asText().equals("instrumentation_error"));
  }

  private static JsonNode one(List<JsonNode> spans, java.util.function.Predicate<JsonNode> predicate) {
    List<JsonNode> matching = spans.stream().filter(predicate).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }

  /** The newest JDK under /usr/lib/jvm whose major version is above this JVM's, if any. */
  private static Optional<Path> newestOtherJdk() {
    int current = Runtime.version().feature();
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(home -> Files.isExecutable(home.resolve("bin/java")) && majorVersion(home) > current)
          .max(Comparator.comparingInt(HttpClientVersionsTest::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(version.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a JDK we can read
    }
    return 0;
  }
}
