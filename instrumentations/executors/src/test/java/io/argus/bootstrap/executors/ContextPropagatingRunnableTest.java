package io.argus.bootstrap.executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ContextPropagatingRunnableTest {
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    worker.shutdownNow();
  }

  @Test
  void aTaskSubmittedAtTheRootIsNotWrapped() {
    Runnable task = () -> {};
    Callable<String> callable = () -> "x";

    assertThat(ContextPropagatingRunnable.wrapCurrent(task, "test")).isSameAs(task);
    assertThat(ContextPropagatingCallable.wrapCurrent(callable, "test")).isSameAs(callable);
    assertThat(ContextPropagatingRunnable.wrapCurrent(null, "test")).isNull();
  }

  @Test
  void aWrappedTaskRunsInTheSubmittersContextAndLeavesTheWorkerWithoutIt() throws Exception {
    ArgusSpan span = ArgusTracer.startSpan("parent", SpanKind.INTERNAL);
    AtomicReference<ArgusContext> seen = new AtomicReference<>();
    Runnable wrapped;
    try (Scope ignored = span.makeCurrent()) {
      wrapped = ContextPropagatingRunnable.wrapCurrent(() -> seen.set(ArgusContext.current()), "test");
    }

    worker.submit(wrapped).get();

    assertThat(seen.get().span()).isSameAs(span);
    assertThat(worker.submit(ArgusContext::current).get()).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void aTaskThatLeavesAScopeOpenDoesNotLeaveItsContextOnTheThread() throws Exception {
    ArgusSpan parent = ArgusTracer.startSpan("parent", SpanKind.INTERNAL);
    Runnable leaky;
    try (Scope ignored = parent.makeCurrent()) {
      leaky =
          ContextPropagatingRunnable.wrapCurrent(
              () -> ArgusTracer.startSpan("never closed", SpanKind.INTERNAL).makeCurrent(), "test");
    }

    worker.submit(leaky).get();

    assertThat(worker.submit(ArgusContext::current).get()).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void aWrappedTaskRunOnTheSubmittingThreadPutsBackTheCallersOwnContext() {
    ArgusSpan outer = ArgusTracer.startSpan("outer", SpanKind.INTERNAL);
    ArgusSpan captured = ArgusTracer.startSpan("captured", SpanKind.INTERNAL);
    Runnable wrapped;
    try (Scope ignored = captured.makeCurrent()) {
      wrapped = ContextPropagatingRunnable.wrapCurrent(() -> {}, "test");
    }
    try (Scope ignored = outer.makeCurrent()) {
      wrapped.run(); // e.g. CallerRunsPolicy or a direct executor
      assertThat(ArgusContext.current().span()).isSameAs(outer);
    }
    assertThat(ArgusContext.current()).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void theAgentsOwnThreadsSubmitWorkWithoutContext() throws Exception {
    ArgusSpan span = ArgusTracer.startSpan("parent", SpanKind.INTERNAL);
    AtomicReference<Runnable> result = new AtomicReference<>();
    Runnable task = () -> {};
    Thread agentThread =
        new AgentThread(
            () -> {
              try (Scope ignored = span.makeCurrent()) {
                result.set(ContextPropagatingRunnable.wrapCurrent(task, "test"));
              }
            },
            "argus-test");
    agentThread.start();
    agentThread.join();

    assertThat(result.get()).isSameAs(task);
  }

  @Test
  void aWrapperShowsTheTasksOwnTextAndUnwrapsToIt() {
    Runnable task =
        new Runnable() {
          @Override
          public void run() {}

          @Override
          public String toString() {
            return "nightly-report";
          }
        };
    ArgusSpan span = ArgusTracer.startSpan("parent", SpanKind.INTERNAL);
    Runnable wrapped;
    try (Scope ignored = span.makeCurrent()) {
      wrapped = ContextPropagatingRunnable.wrapCurrent(task, "test");
    }

    assertThat(wrapped).isNotSameAs(task).hasToString("nightly-report");
    assertThat(ContextPropagatingRunnable.unwrap(wrapped)).isSameAs(task);
    assertThat(ContextPropagatingRunnable.wrapCurrent(wrapped, "test")).isSameAs(wrapped);
  }
}
