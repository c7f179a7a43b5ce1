package io.argus.bootstrap.executors;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * The executor of one CompletableFuture async stage, bound to the context that was current when the stage was
 * registered. A stage registered on a future that is not complete yet runs when the source completes, on whatever
 * thread completes it; binding at registration makes {@code thenApplyAsync(f)} run {@code f} in the caller's context
 * rather than in the completer's.
 */
public final class ContextPropagatingExecutor implements Executor {
  static final String INSTRUMENTATION = "completable-future";

  private final Executor executor;
  private final ArgusContext context;

  ContextPropagatingExecutor(Executor executor, ArgusContext context) {
    this.executor = executor;
    this.context = context;
  }

  /** {@code executor} bound to the current context; itself when it is null (a synchronous stage) or at the root. */
  public static Executor bindCurrent(Executor executor) {
    try {
      if (executor == null || executor instanceof ContextPropagatingExecutor) {
        return executor;
      }
      ArgusContext context = TaskContexts.capture();
      return context == null ? executor : new ContextPropagatingExecutor(executor, context);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return executor;
    }
  }

  @Override
  public void execute(Runnable task) {
    Runnable toRun = task;
    try {
      if (task instanceof ForkJoinTask && executor instanceof ForkJoinPool) {
        // Stays a ForkJoinTask (the pool runs it as such, joiners can help with it); the pool's own advice keeps this
        // context since the first attachment wins.
        ForkJoinTaskContexts.attach((ForkJoinTask<?>) task, context);
      } else {
        toRun = ContextPropagatingRunnable.wrap(task, context);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
    executor.execute(toRun);
  }

  @Override
  public String toString() {
    return String.valueOf(executor);
  }
}
