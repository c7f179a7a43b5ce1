package io.argus.bootstrap.executors;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;

/**
 * A task together with the context that was current when it was submitted: {@link #run()} makes that context current,
 * runs the task, and leaves the thread as it found it. Created only when a context is current, so work submitted at
 * the root is never wrapped.
 */
public final class ContextPropagatingRunnable implements Runnable {
  private final Runnable task;
  private final ArgusContext context;

  ContextPropagatingRunnable(Runnable task, ArgusContext context) {
    this.task = task;
    this.context = context;
  }

  /** The task itself when nothing is current, when it is null or when it already carries a context. */
  public static Runnable wrapCurrent(Runnable task, String instrumentation) {
    try {
      if (task == null || task instanceof ContextPropagatingRunnable) {
        return task;
      }
      ArgusContext context = TaskContexts.capture();
      return context == null ? task : new ContextPropagatingRunnable(task, context);
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
      return task;
    }
  }

  /** {@code task} bound to {@code context}, unless it already carries one. */
  static Runnable wrap(Runnable task, ArgusContext context) {
    if (task == null || context == null || task instanceof ContextPropagatingRunnable) {
      return task;
    }
    return new ContextPropagatingRunnable(task, context);
  }

  /** The application's own task behind a wrapper, or the argument itself. */
  public static Runnable unwrap(Runnable task) {
    return task instanceof ContextPropagatingRunnable ? ((ContextPropagatingRunnable) task).task : task;
  }

  public Runnable task() {
    return task;
  }

  public ArgusContext context() {
    return context;
  }

  @Override
  public void run() {
    ArgusContext previous = ArgusContext.current();
    Scope scope = context.makeCurrent();
    try {
      task.run();
    } finally {
      TaskContexts.restore(scope, previous, "executors");
    }
  }

  /** The task's own text: FutureTask, rejection messages and thread dumps show what the application submitted. */
  @Override
  public String toString() {
    return String.valueOf(task);
  }
}
