package io.argus.smoke;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A server app running with the agent, exporting over OTLP to a receiver of the test and serving /metrics: what the
 * servlet and Spring MVC tests share. Requests carry a fresh traceparent each, so a test finds its own spans by trace
 * id in a JVM that other tests use too.
 */
final class TracedServer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(30);

  final int port = AgentJvm.freePort();
  final int metricsPort = AgentJvm.freePort();
  final OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
  final AgentJvm jvm;

  TracedServer(ServletApps.Server server, String... env) {
    AgentJvm.Builder builder =
        server.on(port)
            .env("OTEL_TRACES_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("ARGUS_EXPORT_DELAY", "100")
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .env("ARGUS_HTTP_EXCLUDED_PATHS", "/health*");
    boolean exportsTraces = true;
    for (int i = 0; i + 1 < env.length; i += 2) {
      builder.env(env[i], env[i + 1]);
      exportsTraces &= !(env[i].equals("OTEL_TRACES_EXPORTER") && env[i + 1].equals("none"));
    }
    jvm = builder.start();
    try {
      ServletApps.awaitReady(jvm);
      if (exportsTraces) {
        warmUp();
      }
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * One request whose span must arrive before the tests start: the first export of a fresh JVM is slow (class
   * loading, the receiver's first connection), and batches queued behind it meanwhile could be dropped as "exporter
   * busy" on a loaded machine.
   */
  private void warmUp() {
    String traceId = newTraceId();
    get("/owners/1", traceId);
    receiver.store().awaitSpans(s -> isServerSpanOf(s, traceId), 1, WAIT);
  }

  /** A new W3C trace id (32 hex digits). */
  static String newTraceId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return String.format("%016x%016x", random.nextLong() | 1, random.nextLong() | 1);
  }

  static String traceparent(String traceId) {
    return "00-" + traceId + "-00f067aa0ba902b7-01";
  }

  /** GET with the given trace id as the caller's trace; extra headers as name, value pairs. */
  HttpGet.Response get(String pathAndQuery, String traceId, String... headers) {
    Map<String, String> all = new HashMap<>();
    all.put("traceparent", traceparent(traceId));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      all.put(headers[i], headers[i + 1]);
    }
    return HttpGet.get(URI.create("http://127.0.0.1:" + port + pathAndQuery), all, WAIT);
  }

  /** Waits for a SERVER span of this trace, then gives every SERVER span of it (to check there is only one). */
  List<ReceivedSpan> serverSpansOf(String traceId) {
    receiver.store().awaitSpans(s -> isServerSpanOf(s, traceId), 1, WAIT);
    return receiver.store().spans(s -> isServerSpanOf(s, traceId));
  }

  List<ReceivedSpan> serverSpansSoFar(String traceId) {
    return receiver.store().spans(s -> isServerSpanOf(s, traceId));
  }

  private static boolean isServerSpanOf(ReceivedSpan span, String traceId) {
    return span.kind() == Span.SpanKind.SPAN_KIND_SERVER && span.traceId().equals(traceId);
  }

  PrometheusText metrics() {
    return PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body());
  }

  @Override
  public void close() {
    try {
      jvm.close();
    } finally {
      receiver.close();
    }
  }
}
