package io.argus.bootstrap.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import org.junit.jupiter.api.Test;

class ForkJoinTaskContextsTest {
  private final ArgusSpan span = ArgusTracer.startSpan("request", SpanKind.SERVER);

  private static ForkJoinTask<?> newTask() {
    return new RecursiveAction() {
      @Override
      protected void compute() {}
    };
  }

  @Test
  void aTaskForkedInAContextGivesItBackOnceWhenItRuns() {
    ForkJoinTask<?> task = newTask();
    try (Scope ignored = span.makeCurrent()) {
      ForkJoinTaskContexts.attachCurrent(task);
    }

    assertThat(ForkJoinTaskContexts.take(task).span()).isSameAs(span);
    assertThat(ForkJoinTaskContexts.take(task)).isNull();
  }

  @Test
  void aTaskForkedAtTheRootAttachesNothing() {
    ForkJoinTask<?> task = newTask();
    ForkJoinTaskContexts.attachCurrent(task);

    assertThat(ForkJoinTaskContexts.take(task)).isNull();
  }

  @Test
  void theFirstAttachedContextWins() {
    ForkJoinTask<?> task = newTask();
    ArgusSpan other = ArgusTracer.startSpan("other", SpanKind.INTERNAL);
    try (Scope ignored = span.makeCurrent()) {
      ForkJoinTaskContexts.attachCurrent(task);
    }
    try (Scope ignored = other.makeCurrent()) {
      ForkJoinTaskContexts.attachCurrent(ForkJoinPool.commonPool(), task);
    }

    assertThat(ForkJoinTaskContexts.take(task).span()).isSameAs(span);
  }

  @Test
  void aTaskThatNeverRunsDoesNotKeepItsEntryOnceCollected() throws InterruptedException {
    try (Scope ignored = span.makeCurrent()) {
      for (int i = 0; i < 1000; i++) {
        ForkJoinTaskContexts.attachCurrent(newTask());
      }
    }
    for (int i = 0; i < 50 && ForkJoinTaskContexts.attachedCount() > 0; i++) {
      System.gc();
      Thread.sleep(20);
    }

    assertThat(ForkJoinTaskContexts.attachedCount()).isZero();
  }

  @Test
  void runnablesAndCallablesForAPoolAreWrappedOnlyInAContext() {
    Runnable runnable = () -> {};
    Callable<String> callable = () -> "x";
    ForkJoinPool pool = ForkJoinPool.commonPool();

    assertThat(ForkJoinTaskContexts.forPool(pool, runnable)).isSameAs(runnable);
    assertThat(ForkJoinTaskContexts.forPool(pool, callable)).isSameAs(callable);
    try (Scope ignored = span.makeCurrent()) {
      assertThat(ForkJoinTaskContexts.forPool(pool, runnable)).isInstanceOf(ContextPropagatingRunnable.class);
      assertThat(ForkJoinTaskContexts.forPool(pool, callable)).isInstanceOf(ContextPropagatingCallable.class);
    }
  }

  @Test
  void ordinaryPoolsAreNotTakenForTheVirtualThreadScheduler() {
    assertThat(ForkJoinTaskContexts.isVirtualThreadScheduler(ForkJoinPool.commonPool())).isFalse();
    assertThat(ForkJoinTaskContexts.isVirtualThreadScheduler(new ForkJoinPool(1))).isFalse();
    assertThat(ArgusContext.current()).isSameAs(ArgusContext.ROOT);
  }
}
