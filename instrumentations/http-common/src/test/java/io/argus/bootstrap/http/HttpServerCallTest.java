package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.sampling.ConstantSampler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The parts of HttpServerCall that framework layers and asynchronous servers rely on. */
class HttpServerCallTest {
  private final List<ArgusSpan> ended = new CopyOnWriteArrayList<>();

  @BeforeEach
  void recordEndedSpans() {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, ended::add);
  }

  @AfterEach
  void stopRecording() {
    ArgusTracer.uninstall();
  }

  private static HttpServerCall start(String path) {
    return HttpServerCall.start(
        "GET", "http", path, null, "127.0.0.1", 8080, "127.0.0.1", null, "1.1", null, null, null, null);
  }

  @Test
  void theOutermostCallIsCurrentUntilItEndsAndNestedLayersDoNotReplaceIt() {
    assertThat(HttpServerCall.current()).isNull();
    HttpServerCall outer = start("/owners/7");
    assertThat(HttpServerCall.current()).isSameAs(outer);

    HttpServerCall nested = start("/owners/7");
    assertThat(nested).isSameAs(HttpServerCall.NESTED);
    assertThat(HttpServerCall.current()).isSameAs(outer);
    nested.end(200, null);
    assertThat(HttpServerCall.current()).isSameAs(outer);

    outer.end(200, null);
    assertThat(HttpServerCall.current()).isNull();
    assertThat(ArgusContext.current().isRoot()).isTrue();
    assertThat(ended).singleElement().satisfies(span -> assertThat(span.name()).isEqualTo("GET /owners/{id}"));
  }

  @Test
  void aFrameworkRouteGivenThroughTheCurrentCallNamesTheSpan() {
    HttpServerCall call = start("/owners/7");
    HttpServerCall.current().frameworkRoute("/owners/{ownerId}");
    call.end(200, null);

    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(span.name()).isEqualTo("GET /owners/{ownerId}");
      assertThat(span.attribute("http.route")).isEqualTo("/owners/{ownerId}");
    });
  }

  @Test
  void anAsyncCallLeavesTheThreadCleanAndEndsOnceFromAnotherThread() throws Exception {
    HttpServerCall call = start("/slow");
    ArgusContext callContext = call.context();
    assertThat(ArgusContext.current()).isSameAs(callContext);

    call.continueAsync();

    assertThat(HttpServerCall.current()).isNull();
    assertThat(ArgusContext.current().isRoot()).isTrue();
    assertThat(ended).isEmpty();
    // The thread is free for the next request, which is an outermost call again, not a nested one.
    HttpServerCall next = start("/next");
    assertThat(next).isNotSameAs(HttpServerCall.NESTED);
    next.end(200, null);

    AtomicReference<HttpServerCall> currentOnCompletingThread = new AtomicReference<>();
    Thread completing = new Thread(() -> {
      call.end(503, null);
      currentOnCompletingThread.set(HttpServerCall.current());
    });
    completing.start();
    completing.join();

    assertThat(currentOnCompletingThread.get()).isNull();
    assertThat(ended).extracting(ArgusSpan::name).containsExactly("GET /next", "GET /slow");
    assertThat(ended.get(1).attribute("http.response.status_code")).isEqualTo(503L);
    assertThat(ended.get(1).spanContext()).isEqualTo(callContext.spanContext());
  }
}
