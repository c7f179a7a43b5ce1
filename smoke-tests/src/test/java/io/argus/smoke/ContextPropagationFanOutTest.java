package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end case: an HTTP request whose handler fans out to a thread pool and a CompletableFuture stage, where
 * the pool threads query H2 over JDBC and call back into the server over HttpURLConnection and the JDK HttpClient.
 * With no tracing code in the app, everything must come out as one trace with the right parents.
 */
class ContextPropagationFanOutTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String CALLER_SPAN_ID = "00f067aa0ba902b7";

  @Test
  void aRequestThatFansOutToAPoolMakingJdbcAndHttpCallsYieldsOneTraceWithCorrectParents() {
    int port = AgentJvm.freePort();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app =
            ContextPropagationApps.app(receiver.endpoint(), "fanout", String.valueOf(port))
                .env("ARGUS_EXPORT_DELAY", "1000") // few, full batches: a busy machine must not drop any
                .start()) {
      app.awaitStdout("FANOUT READY", WAIT);
      HttpGet.Response response =
          HttpGet.get(
              URI.create("http://127.0.0.1:" + port + "/fanout"),
              Map.of("traceparent", "00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01"),
              WAIT);
      assertThat(response.status()).as(response.body()).isEqualTo(200);

      // 1 server span for /fanout; per pool task 1 JDBC query and 2 calls to /leaf (client + server spans); and the
      // CompletableFuture stage's JDBC query.
      int tasks = 3;
      List<ReceivedSpan> trace =
          receiver.store().awaitSpans(s -> s.traceId().equals(TRACE_ID), 1 + tasks * 5 + 1, WAIT);
      ReceivedSpan fanout = only(trace, s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER && s.name().equals("GET /fanout"));
      assertThat(fanout.parentSpanId()).isEqualTo(CALLER_SPAN_ID);

      List<ReceivedSpan> queries = trace.stream().filter(s -> s.attribute("db.system.name") != null).toList();
      assertThat(queries).hasSize(tasks + 1).allSatisfy(query -> {
        assertThat(query.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(query.parentSpanId()).isEqualTo(fanout.spanId());
      });

      List<ReceivedSpan> calls = trace.stream()
          .filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_CLIENT && s.attribute("http.request.method") != null)
          .toList();
      assertThat(calls).hasSize(tasks * 2).allSatisfy(call -> {
        assertThat(call.parentSpanId()).isEqualTo(fanout.spanId());
        assertThat(call.attribute("url.full")).endsWith("/leaf");
      });

      List<ReceivedSpan> leaves = trace.stream()
          .filter(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER && s.name().equals("GET /leaf"))
          .toList();
      Set<String> callIds = calls.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      assertThat(leaves).hasSize(tasks * 2);
      assertThat(leaves.stream().map(ReceivedSpan::parentSpanId).collect(Collectors.toSet())).isEqualTo(callIds);

      assertThat(receiver.store().spans(s -> s.name().equals("GET /fanout") || s.name().equals("GET /leaf")))
          .allSatisfy(span -> assertThat(span.traceId()).isEqualTo(TRACE_ID));
    }
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> which) {
    List<ReceivedSpan> matching = spans.stream().filter(which).toList();
    assertThat(matching).hasSize(1);
    return matching.get(0);
  }
}
