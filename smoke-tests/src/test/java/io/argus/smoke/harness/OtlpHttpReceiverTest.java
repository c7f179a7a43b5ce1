package io.argus.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpHttpReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private OtlpHttpReceiver receiver;
  private OtlpHttpSpanExporter exporter;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpHttpReceiver.listen();
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    receiver.close();
  }

  private OtlpHttpSpanExporter exporter(String compression, Duration timeout, RetryPolicy retryPolicy) {
    exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint(receiver.tracesUrl())
        .setCompression(compression)
        .setTimeout(timeout)
        .setRetryPolicy(retryPolicy)
        .build();
    return exporter;
  }

  private static boolean export(OtlpHttpSpanExporter exporter, List<SpanData> spans) {
    CompletableResultCode result = exporter.export(spans).join(15, TimeUnit.SECONDS);
    assertThat(result.isDone()).as("export finished").isTrue();
    return result.isSuccess();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "none"})
  void receivesSpansFromTheSdkExporter(String compression) {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("http-" + compression), "parent", "child");
    assertThat(export(exporter(compression, WAIT, null), spans)).isTrue();

    List<ReceivedSpan> received = receiver.awaitSpans(s -> true, 2, WAIT);
    assertThat(received).hasSize(2);
    ReceivedSpan parent = receiver.awaitSpan(s -> s.name().equals("parent"), WAIT);
    ReceivedSpan child = receiver.awaitSpan(s -> s.name().equals("child"), WAIT);

    assertThat(parent.resourceAttribute("argus.selftest.resource")).isEqualTo("http-" + compression);
    assertThat(parent.resourceAttribute("service.name")).isEqualTo("harness-selftest");
    assertThat(parent.resourceAttribute("telemetry.sdk.language")).isEqualTo("java");
    assertThat(parent.attribute("argus.selftest.span")).isEqualTo("parent");
    assertThat(parent.attribute("argus.selftest.number")).isEqualTo("1");
    assertThat(parent.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(parent.isRoot()).isTrue();
    assertThat(parent.scopeName()).isEqualTo(SdkTestSpans.SCOPE);
    assertThat(parent.traceId()).hasSize(32).isEqualTo(spans.get(1).getTraceId());

    assertThat(child.attribute("argus.selftest.span")).isEqualTo("child \"quoted\" ü");
    assertThat(child.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(child.traceId()).isEqualTo(parent.traceId());
    assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
    assertThat(child.durationNanos()).isPositive();

    assertThat(receiver.requestCount()).isEqualTo(1);
    assertThat(receiver.requests()).hasSize(1);
    assertThat(receiver.store().errors()).isEmpty();
  }

  @Test
  void statusFaultMakesTheSdkExportFailUntilRespondingNormally() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("fault"), "p", "c");
    OtlpHttpSpanExporter exporter = exporter("gzip", WAIT, null);

    receiver.respondWithStatus(503);
    assertThat(export(exporter, spans)).as("export answered 503").isFalse();
    assertThat(receiver.requestCount()).isEqualTo(1);
    assertThat(receiver.spans()).as("a faulted request's spans are not kept").isEmpty();

    receiver.respondWithStatus(500);
    assertThat(export(exporter, spans)).as("export answered 500").isFalse();
    assertThat(receiver.requestCount()).isEqualTo(2);

    receiver.respondNormally();
    assertThat(export(exporter, spans)).isTrue();
    assertThat(receiver.spans()).hasSize(2);
  }

  @Test
  void failNextLetsTheSdkRetrySucceed() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("retry"), "p", "c");
    RetryPolicy quickRetry = RetryPolicy.builder().setMaxAttempts(3)
        .setInitialBackoff(Duration.ofMillis(50)).setMaxBackoff(Duration.ofMillis(100)).build();
    receiver.failNext(1, 503);

    assertThat(export(exporter("none", WAIT, quickRetry), spans)).isTrue();
    assertThat(receiver.requestCount()).isEqualTo(2);
    assertThat(receiver.spans()).hasSize(2);
  }

  @Test
  void delayedResponseMakesTheExportTimeOutButTheDataArrived() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("delay"), "p", "c");
    receiver.delayResponses(Duration.ofMillis(1_500));

    assertThat(export(exporter("none", Duration.ofMillis(300), null), spans)).isFalse();
    assertThat(receiver.spans()).hasSize(2);
  }

  @Test
  void stopAndStartOnTheSamePort() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("restart"), "p", "c");
    OtlpHttpSpanExporter exporter = exporter("gzip", Duration.ofSeconds(2), null);
    int port = receiver.port();
    String endpoint = receiver.endpoint();
    assertThat(endpoint).isEqualTo("http://127.0.0.1:" + port);

    receiver.stop();
    assertThat(receiver.isRunning()).isFalse();
    assertThat(export(exporter, spans)).as("export while the receiver is down").isFalse();
    assertThat(receiver.requestCount()).isZero();

    receiver.start();
    assertThat(receiver.port()).isEqualTo(port);
    assertThat(receiver.endpoint()).isEqualTo(endpoint);
    assertThat(export(exporter, spans)).as("export after the receiver is back").isTrue();
    assertThat(receiver.awaitSpans(s -> s.name().equals("c"), 1, WAIT)).hasSize(1);
  }

  @Test
  void rejectsUndecodableBodiesAndOtherRequests() throws Exception {
    HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    HttpResponse<Void> garbage = client.send(HttpRequest.newBuilder(URI.create(receiver.tracesUrl()))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}))
            .timeout(WAIT).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(garbage.statusCode()).isEqualTo(400);

    HttpGet.Response get = HttpGet.get(receiver.tracesUrl());
    assertThat(get.status()).isEqualTo(405);

    assertThat(receiver.requestCount()).isEqualTo(2);
    assertThat(receiver.store().errors()).hasSize(2);
    assertThat(receiver.spans()).isEmpty();

    receiver.clear();
    assertThat(receiver.requestCount()).isZero();
    assertThatThrownBy(() -> receiver.awaitSpans(s -> true, 1, Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected at least 1 matching span");
  }

  @Test
  void retryAfterIsSentWithTheFaultStatusAndTheRetryOfTheSameBatchIsRecognisable() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("retry-after"), "p", "c");
    receiver.failNext(1, 429, Duration.ofSeconds(1));

    assertThat(export(exporter("none", WAIT, RetryPolicy.getDefault()), spans)).isTrue();

    List<OtlpHttpReceiver.LoggedRequest> log = receiver.requestLog();
    assertThat(log).extracting(OtlpHttpReceiver.LoggedRequest::status).containsExactly(429, 200);
    assertThat(log.get(1).bodyHash()).isEqualTo(log.get(0).bodyHash());
    // The SDK honours Retry-After: the retry waits the second it was asked to.
    assertThat(log.get(1).arrivalNanos() - log.get(0).arrivalNanos()).isGreaterThanOrEqualTo(950_000_000L);
  }

  @Test
  void aStalledReceiverAcceptsTheConnectionButNeverAnswersUntilItRespondsNormallyAgain() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("stall"), "p", "c");
    OtlpHttpSpanExporter exporter = exporter("none", Duration.ofSeconds(2), null);
    receiver.stall();

    assertThat(export(exporter, spans)).as("export to a receiver that never answers").isFalse();
    assertThat(receiver.requestCount()).isGreaterThanOrEqualTo(1);
    assertThat(receiver.isRunning()).isTrue();

    receiver.respondNormally();
    assertThat(receiver.stalledConnections()).isZero();
    assertThat(HttpGet.get(receiver.tracesUrl()).status()).as("HTTP served again").isEqualTo(405);
    exporter.shutdown().join(5, TimeUnit.SECONDS);
    assertThat(export(exporter("none", WAIT, null), spans)).isTrue();
    assertThat(receiver.spans()).hasSize(2);
  }

  @Test
  void aReceiverAnsweringGarbageFailsTheExportUntilItRespondsNormallyAgain() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("garbage"), "p", "c");
    OtlpHttpSpanExporter exporter = exporter("none", Duration.ofSeconds(2), null);
    receiver.answerGarbage();

    assertThat(export(exporter, spans)).as("export to a receiver that answers non-HTTP bytes").isFalse();
    assertThat(receiver.requestCount()).isGreaterThanOrEqualTo(1);

    receiver.respondNormally();
    assertThat(export(exporter, spans)).isTrue();
    assertThat(receiver.spans()).hasSize(2);
  }
}
