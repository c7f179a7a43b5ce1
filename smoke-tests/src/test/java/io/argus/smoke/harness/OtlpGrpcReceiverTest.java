package io.argus.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpGrpcReceiverTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private OtlpGrpcReceiver receiver;
  private OtlpGrpcSpanExporter exporter;

  @BeforeEach
  void startReceiver() {
    receiver = OtlpGrpcReceiver.listen();
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown().join(5, TimeUnit.SECONDS);
    }
    receiver.close();
  }

  private OtlpGrpcSpanExporter exporter(String compression, Duration timeout) {
    exporter = OtlpGrpcSpanExporter.builder()
        .setEndpoint(receiver.endpoint())
        .setCompression(compression)
        .setTimeout(timeout)
        .setRetryPolicy(null)
        .build();
    return exporter;
  }

  private static boolean export(OtlpGrpcSpanExporter exporter, List<SpanData> spans) {
    CompletableResultCode result = exporter.export(spans).join(15, TimeUnit.SECONDS);
    assertThat(result.isDone()).as("export finished").isTrue();
    return result.isSuccess();
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip", "none"})
  void receivesSpansFromTheSdkExporter(String compression) {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("grpc-" + compression), "parent", "child");
    assertThat(export(exporter(compression, WAIT), spans)).isTrue();

    ReceivedSpan parent = receiver.awaitSpan(s -> s.name().equals("parent"), WAIT);
    ReceivedSpan child = receiver.awaitSpan(s -> s.name().equals("child"), WAIT);
    assertThat(receiver.spans()).hasSize(2);

    assertThat(parent.resourceAttribute("argus.selftest.resource")).isEqualTo("grpc-" + compression);
    assertThat(parent.resourceAttribute("service.name")).isEqualTo("harness-selftest");
    assertThat(parent.attribute("argus.selftest.span")).isEqualTo("parent");
    assertThat(parent.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(parent.scopeName()).isEqualTo(SdkTestSpans.SCOPE);
    assertThat(child.attribute("argus.selftest.span")).isEqualTo("child \"quoted\" ü");
    assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
    assertThat(child.traceId()).isEqualTo(parent.traceId()).isEqualTo(spans.get(0).getTraceId());
    assertThat(receiver.requestCount()).isEqualTo(1);
    assertThat(receiver.store().errors()).isEmpty();
  }

  @Test
  void unavailableMakesTheSdkExportFailUntilRespondingNormally() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("fault"), "p", "c");
    OtlpGrpcSpanExporter exporter = exporter("gzip", WAIT);

    receiver.respondWithStatus(Status.Code.UNAVAILABLE);
    assertThat(export(exporter, spans)).isFalse();
    assertThat(receiver.requestCount()).isEqualTo(1);
    assertThat(receiver.spans()).isEmpty();

    receiver.respondNormally();
    assertThat(export(exporter, spans)).isTrue();
    assertThat(receiver.spans()).hasSize(2);
  }

  @Test
  void delayedResponseMakesTheExportTimeOut() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("delay"), "p", "c");
    receiver.delayResponses(Duration.ofMillis(1_500));
    assertThat(export(exporter("none", Duration.ofMillis(300)), spans)).isFalse();
    assertThat(receiver.spans()).hasSize(2);
  }

  @Test
  void stopAndStartOnTheSamePort() {
    List<SpanData> spans = SdkTestSpans.parentAndChild(SdkTestSpans.resource("restart"), "p", "c");
    OtlpGrpcSpanExporter exporter = exporter("gzip", Duration.ofSeconds(2));
    assertThat(export(exporter, spans)).isTrue();
    int port = receiver.port();

    receiver.stop();
    assertThat(export(exporter, spans)).as("export while the receiver is down").isFalse();
    assertThat(receiver.requestCount()).isEqualTo(1);

    receiver.start();
    assertThat(receiver.port()).isEqualTo(port);
    assertThat(receiver.endpoint()).isEqualTo("http://127.0.0.1:" + port);
    // The exporter's connection was cut by the stop; it reconnects on the next export.
    assertThat(export(exporter, spans)).as("export after the receiver is back").isTrue();
    assertThat(receiver.spans()).hasSize(4);
  }
}
