package io.argus.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanSink;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArgusSpanDataTest {
  @AfterEach
  void uninstall() {
    ArgusTracer.uninstall();
  }

  /**
   * SpanData outlives the span in the trace viewer's recent traces; an exception it held would hold its class, and
   * with it an undeployed web application's class loader.
   */
  @Test
  void spanDataKeepsTheExceptionAsTextAndNoReferenceToIt() throws InterruptedException {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
    ArgusSpan span = ArgusTracer.startSpan("GET /shop/owners/*", SpanKind.SERVER, ArgusContext.ROOT);
    IllegalStateException exception = new IllegalStateException("the owners table is broken");
    span.recordException(exception);
    span.end();
    WeakReference<Throwable> recorded = new WeakReference<>(exception);

    SpanData data = new ArgusSpanData(span, Resource.empty());
    span = null;
    exception = null;

    for (int i = 0; i < 50 && recorded.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertThat(recorded.get()).as("the exception, reachable only through the SpanData").isNull();
    assertThat(data.getName()).isEqualTo("GET /shop/owners/*");
    assertThat(data.getEvents()).hasSize(1);
    assertThat(data.getEvents().get(0).getAttributes().asMap().toString())
        .contains("java.lang.IllegalStateException", "the owners table is broken");
  }
}
