package io.argus.bootstrap.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** ThreadStartContexts called as the Thread.start/Thread.run advice calls it. */
class ThreadStartContextsTest {
  private final ArgusSpan span = ArgusTracer.startSpan("request", SpanKind.SERVER);

  private static final AtomicReference<ArgusContext> SEEN = new AtomicReference<>();

  /** What the new thread's Thread.run advice would do: take the context it was started with. */
  private static Runnable reportTake() {
    return () -> SEEN.set(ThreadStartContexts.take(Thread.currentThread()));
  }

  private ArgusContext contextSeenByNewThread(Thread thread) throws InterruptedException {
    try (Scope ignored = span.makeCurrent()) {
      ThreadStartContexts.onStart(thread);
    }
    return takeOn(thread);
  }

  private static ArgusContext takeOn(Thread thread) throws InterruptedException {
    SEEN.set(null);
    thread.start();
    thread.join();
    return SEEN.get();
  }

  @Test
  void aThreadStartedFromTracedCodeGetsTheStartersContext() throws Exception {
    ArgusContext seen = contextSeenByNewThread(new Thread(reportTake()));

    assertThat(seen).isNotNull();
    assertThat(seen.span()).isSameAs(span);
  }

  @Test
  void aThreadStartedAtTheRootGetsNothing() throws Exception {
    Thread thread = new Thread(reportTake());
    ThreadStartContexts.onStart(thread);

    assertThat(takeOn(thread)).isNull();
  }

  @Test
  void aThreadWhoseClassRunsItsOwnLoopGetsNothing() throws Exception {
    Thread loop =
        new Thread() {
          @Override
          public void run() {
            reportTake().run();
          }
        };

    assertThat(contextSeenByNewThread(loop)).isNull();
  }

  @Test
  void theAgentsThreadsGetNothing() throws Exception {
    assertThat(contextSeenByNewThread(new AgentThread(reportTake(), "argus-test"))).isNull();
  }

  @Test
  void aWorkerStartedByAPoolGetsNothing() throws Exception {
    Thread worker = new Thread(reportTake());
    try (Scope ignored = span.makeCurrent()) {
      new StartingExecutor().execute(() -> ThreadStartContexts.onStart(worker));
    }

    assertThat(takeOn(worker)).isNull();
  }

  @Test
  void poolsAreExecutorsAndTheirNestedClassesButNotThreadPerTaskExecutors() {
    assertThat(PoolThreadStarts.isPool(ThreadPoolExecutor.class)).isTrue();
    assertThat(PoolThreadStarts.isPool(StartingExecutor.Runner.class)).isTrue();
    assertThat(PoolThreadStarts.isPool(ThreadStartContextsTest.class)).isFalse();
  }

  /** Stands for any pool that starts its workers while executing a task. */
  static final class StartingExecutor implements Executor {
    @Override
    public void execute(Runnable command) {
      new Runner(command).run();
    }

    static final class Runner {
      private final Runnable command;

      Runner(Runnable command) {
        this.command = command;
      }

      void run() {
        command.run();
      }
    }
  }
}
