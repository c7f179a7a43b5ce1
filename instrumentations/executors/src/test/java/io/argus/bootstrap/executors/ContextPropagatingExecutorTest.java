package io.argus.bootstrap.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ContextPropagatingExecutorTest {
  private final ArgusSpan registration = ArgusTracer.startSpan("registration", SpanKind.INTERNAL);

  @Test
  void aSynchronousStageOrOneRegisteredAtTheRootKeepsItsExecutor() {
    Executor direct = Runnable::run;

    assertThat(ContextPropagatingExecutor.bindCurrent(null)).isNull();
    assertThat(ContextPropagatingExecutor.bindCurrent(direct)).isSameAs(direct);
  }

  @Test
  void aStageRunsInTheContextOfItsRegistrationWhoeverCompletesItsSource() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Executor bound;
      try (Scope ignored = registration.makeCurrent()) {
        bound = ContextPropagatingExecutor.bindCurrent(pool);
      }
      AtomicReference<ArgusContext> seen = new AtomicReference<>();
      ArgusSpan completer = ArgusTracer.startSpan("completer", SpanKind.INTERNAL);
      try (Scope ignored = completer.makeCurrent()) {
        bound.execute(() -> seen.set(ArgusContext.current()));
      }
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);

      assertThat(seen.get().span()).isSameAs(registration);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aForkJoinTaskForAForkJoinPoolStaysAForkJoinTaskWithItsContextAttached() {
    ForkJoinPool pool = new ForkJoinPool(1);
    try {
      Executor bound;
      try (Scope ignored = registration.makeCurrent()) {
        bound = ContextPropagatingExecutor.bindCurrent(pool);
      }
      ForkJoinTask<?> task = ForkJoinTask.adapt(() -> {});

      bound.execute((Runnable) task);
      task.join();

      // Without the agent nothing takes the context back in doExec: it is still attached to the task itself.
      assertThat(ForkJoinTaskContexts.take(task).span()).isSameAs(registration);
    } finally {
      pool.shutdownNow();
    }
  }
}
