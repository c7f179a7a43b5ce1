package io.argus.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.propagation.Baggage;
import io.argus.bootstrap.sampling.ConstantSampler;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArgusContextTest {
  @BeforeEach
  void install() {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
  }

  @AfterEach
  void uninstall() {
    ArgusTracer.uninstall();
  }

  @Test
  void nothingIsCurrentOnAFreshThread() {
    assertThat(ArgusContext.current()).isSameAs(ArgusContext.ROOT);
    assertThat(ArgusContext.current().isRoot()).isTrue();
  }

  @Test
  void closingAScopeRestoresThePreviousContext() {
    ArgusSpan outer = ArgusTracer.startSpan("outer", SpanKind.SERVER);
    try (Scope ignoredOuter = outer.makeCurrent()) {
      ArgusSpan inner = ArgusTracer.startSpan("inner", SpanKind.INTERNAL);
      try (Scope ignoredInner = inner.makeCurrent()) {
        assertThat(ArgusContext.current().span()).isSameAs(inner);
      }
      assertThat(ArgusContext.current().span()).isSameAs(outer);
    }
    assertThat(ArgusContext.current()).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void aScopeClosedOutOfOrderDoesNotResurrectAReplacedContext() {
    ArgusSpan first = ArgusTracer.startSpan("first", SpanKind.INTERNAL);
    ArgusSpan second = ArgusTracer.startSpan("second", SpanKind.INTERNAL);
    Scope firstScope = first.makeCurrent();
    Scope secondScope = second.makeCurrent();

    firstScope.close(); // wrong order: second is still innermost
    assertThat(ArgusContext.current().span()).isSameAs(second);
    secondScope.close();
    assertThat(ArgusContext.current().span()).isSameAs(first);
    firstScope.close(); // now innermost again, so it restores the root
    assertThat(ArgusContext.current()).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void aContextCapturedOnOneThreadCanBeRestoredOnAPooledThreadAndLeavesNoTrace() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      ArgusSpan span = ArgusTracer.startSpan("request", SpanKind.SERVER);
      ArgusContext captured;
      try (Scope ignored = span.makeCurrent()) {
        captured = ArgusContext.current();
      }
      ArgusSpan seenInWorker =
          pool.submit(
                  () -> {
                    try (Scope ignored = captured.makeCurrent()) {
                      return ArgusContext.current().span();
                    }
                  })
              .get(5, TimeUnit.SECONDS);
      ArgusContext seenInNextTask = pool.submit(ArgusContext::current).get(5, TimeUnit.SECONDS);

      assertThat(seenInWorker).isSameAs(span);
      assertThat(seenInNextTask).isSameAs(ArgusContext.ROOT);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void baggageTravelsWithTheContextAndIntoChildContexts() {
    ArgusContext withBaggage = ArgusContext.ROOT.with(Baggage.EMPTY.put("tenant", "acme"));
    try (Scope ignored = withBaggage.makeCurrent()) {
      ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
      try (Scope ignoredSpan = span.makeCurrent()) {
        assertThat(ArgusContext.current().baggage().get("tenant")).isEqualTo("acme");
      }
    }
  }
}
