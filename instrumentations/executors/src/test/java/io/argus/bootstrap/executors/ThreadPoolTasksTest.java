package io.argus.bootstrap.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The helpers behind the ThreadPoolExecutor advice, called as the advice calls them, on a real pool. */
class ThreadPoolTasksTest {
  private final ThreadPoolExecutor pool =
      new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>());
  private final ArgusSpan span = ArgusTracer.startSpan("request", SpanKind.SERVER);

  @AfterEach
  void stop() {
    pool.shutdownNow();
    ArgusContext.ROOT.makeCurrent();
  }

  private Runnable wrappedInRequest(Runnable task) {
    try (Scope ignored = span.makeCurrent()) {
      return ThreadPoolTasks.wrapForExecute(task);
    }
  }

  @Test
  void aFutureTaskIsNeverWrappedBecauseItCapturedItsContextWhenCreated() {
    FutureTask<String> future = new FutureTask<>(() -> "x");

    assertThat(wrappedInRequest(future)).isSameAs(future);
  }

  @Test
  void aWorkerStartingAWrappedTaskGetsTheApplicationsTaskAndItsContextUntilItsNextTask() {
    Runnable task = () -> {};
    Runnable queued = wrappedInRequest(task);

    Runnable started = ThreadPoolTasks.startTask(queued);
    assertThat(started).isSameAs(task);
    assertThat(ArgusContext.current().span()).isSameAs(span);

    ThreadPoolTasks.endTask();
    assertThat(ArgusContext.current()).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void removeFindsATaskWaitingInsideItsWrapper() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    pool.execute(
        () -> {
          busy.countDown();
          await(release);
        });
    busy.await();
    Runnable task = () -> {};
    pool.execute(wrappedInRequest(task));

    assertThat(pool.remove(task)).isFalse(); // what the JDK alone answers
    assertThat(ThreadPoolTasks.removeWrapped(pool, task)).isTrue();
    assertThat(pool.getQueue()).isEmpty();
    release.countDown();
  }

  @Test
  void shutdownNowListsTheApplicationsOwnTasks() throws Exception {
    CountDownLatch busy = new CountDownLatch(1);
    pool.execute(
        () -> {
          busy.countDown();
          await(new CountDownLatch(1));
        });
    busy.await();
    Runnable first = () -> {};
    Runnable second = () -> {};
    pool.execute(wrappedInRequest(first));
    pool.execute(second);

    List<Runnable> notRun = new ArrayList<>(pool.shutdownNow());
    ThreadPoolTasks.unwrapAll(notRun);

    assertThat(notRun).containsExactly(first, second);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
