package io.argus.bootstrap.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.propagation.TraceparentCodec;
import io.argus.bootstrap.sampling.ConstantSampler;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OkHttp helpers on real OkHttp 4 objects (calls that are never executed): span, headers, enqueued context. */
class OkHttpCallsTest {
  private final List<ArgusSpan> ended = new CopyOnWriteArrayList<>();
  private final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void recordEndedSpans() {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, ended::add);
  }

  @AfterEach
  void stopRecording() {
    ArgusTracer.uninstall();
  }

  private Call call(String url) {
    return client.newCall(new Request.Builder().url(url).build());
  }

  @Test
  void theFirstRequestOfACallGetsACopyWithTheTraceHeadersAndTheCallsOwnRequestStaysAsBuilt() {
    Call call = call("http://127.0.0.1:8080/owners?token=abc");

    OkHttpCalls.TracedOkHttpCall traced = OkHttpCalls.start(call);
    Request first = (Request) OkHttpCalls.withTraceHeaders(call.request());
    Request later = call.request();
    assertThat(OkHttpCalls.withTraceHeaders(later)).isSameAs(later);
    OkHttpCalls.end(traced, null, new ConnectException("refused"));

    assertThat(call.request().header("traceparent")).isNull();
    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(first.header("traceparent")).isEqualTo(TraceparentCodec.format(span.spanContext()));
      assertThat(span.name()).isEqualTo("GET");
      assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
      assertThat(span.attribute("url.full")).isEqualTo("http://127.0.0.1:8080/owners?token=REDACTED");
      assertThat(span.attribute("server.port")).isEqualTo(8080L);
      assertThat(span.attribute("error.type")).isEqualTo("java.net.ConnectException");
    });
  }

  @Test
  void anEnqueuedCallContinuesTheTraceOfTheThreadThatEnqueuedIt() throws Exception {
    ArgusSpan parent = ArgusTracer.startSpan("GET /checkout", SpanKind.SERVER);
    Call call = call("https://example.test/stock");
    try (Scope ignored = parent.makeCurrent()) {
      OkHttpCalls.enqueued(call);
    }

    // The dispatcher thread has no context of its own.
    CompletableFuture.runAsync(() -> OkHttpCalls.end(OkHttpCalls.start(call), null, null)).get();

    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(span.parentSpanId()).isEqualTo(parent.spanContext().spanId());
      assertThat(span.attribute("server.port")).isEqualTo(443L);
    });
  }
}
