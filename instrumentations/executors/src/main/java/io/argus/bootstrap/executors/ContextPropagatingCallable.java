package io.argus.bootstrap.executors;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;

/** The {@link Callable} counterpart of {@link ContextPropagatingRunnable}. */
public final class ContextPropagatingCallable<V> implements Callable<V> {
  private final Callable<V> task;
  private final ArgusContext context;

  ContextPropagatingCallable(Callable<V> task, ArgusContext context) {
    this.task = task;
    this.context = context;
  }

  /** The task itself when nothing is current, when it is null or when it already carries a context. */
  public static <V> Callable<V> wrapCurrent(Callable<V> task, String instrumentation) {
    try {
      if (task == null || task instanceof ContextPropagatingCallable) {
        return task;
      }
      ArgusContext context = TaskContexts.capture();
      return context == null ? task : new ContextPropagatingCallable<V>(task, context);
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
      return task;
    }
  }

  /**
   * For invokeAll/invokeAny: a new list with every task wrapped, or {@code tasks} itself when nothing is current. The
   * executor keeps only the futures it creates, so the application never sees the copy.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Collection wrapAllCurrent(Collection tasks, String instrumentation) {
    try {
      ArgusContext context = TaskContexts.capture();
      if (context == null || tasks == null) {
        return tasks;
      }
      List<Callable<?>> wrapped = new ArrayList<Callable<?>>(tasks.size());
      for (Object task : tasks) {
        // A null element stays null: the executor's own null check must fail as it would without the agent.
        wrapped.add(
            task == null || task instanceof ContextPropagatingCallable
                ? (Callable<?>) task
                : new ContextPropagatingCallable((Callable<?>) task, context));
      }
      return wrapped;
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
      return tasks;
    }
  }

  public Callable<V> task() {
    return task;
  }

  @Override
  public V call() throws Exception {
    ArgusContext previous = ArgusContext.current();
    Scope scope = context.makeCurrent();
    try {
      return task.call();
    } finally {
      TaskContexts.restore(scope, previous, "executors");
    }
  }

  @Override
  public String toString() {
    return String.valueOf(task);
  }
}
