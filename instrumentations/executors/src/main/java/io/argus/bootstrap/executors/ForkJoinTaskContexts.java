package io.argus.bootstrap.executors;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;
import java.util.Collection;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Contexts of ForkJoinTasks, attached when a task is forked or submitted and taken back when a worker (or a joining
 * thread that helps) executes it. A ForkJoinTask cannot be wrapped: {@code fork()} pushes the task itself, and a
 * subclass's {@code compute()} forks and joins its own instances. So the context lives in a weak identity map for the
 * short time the task waits in a queue.
 */
public final class ForkJoinTaskContexts {
  static final String INSTRUMENTATION = "fork-join";

  private static final WeakIdentityContextMap ATTACHED = new WeakIdentityContextMap();

  private ForkJoinTaskContexts() {}

  /**
   * {@code task.fork()}: the forking thread's context goes with the task. The advice passes its JDK objects as Object
   * (here and below): an advice signature naming ForkJoinTask would make Byte Buddy load that class while it is being
   * defined (ClassCircularityError).
   */
  public static void attachCurrent(Object task) {
    try {
      ArgusContext context = TaskContexts.capture();
      if (context != null && task != null) {
        ATTACHED.putIfAbsent(task, context);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /**
   * A task submitted to {@code pool}: as {@link #attachCurrent(Object)}, but never for the pool that schedules virtual
   * threads (its tasks are thread continuations, not work; each virtual thread carries its own context).
   */
  public static void attachCurrent(Object pool, Object task) {
    try {
      ArgusContext context = TaskContexts.capture();
      if (context != null && task != null && !isVirtualThreadScheduler((ForkJoinPool) pool)) {
        ATTACHED.putIfAbsent(task, context);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** For a context captured earlier, e.g. when a CompletableFuture stage was registered. */
  static void attach(ForkJoinTask<?> task, ArgusContext context) {
    ATTACHED.putIfAbsent(task, context);
  }

  /** A Runnable given to a pool: a ForkJoinTask is attached, anything else wrapped (the pool adapts it privately). */
  public static Runnable forPool(Object pool, Runnable task) {
    try {
      ArgusContext context = TaskContexts.capture();
      if (context == null || task == null || isVirtualThreadScheduler((ForkJoinPool) pool)) {
        return task;
      }
      if (task instanceof ForkJoinTask) {
        ATTACHED.putIfAbsent(task, context);
        return task;
      }
      return ContextPropagatingRunnable.wrap(task, context);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return task;
    }
  }

  public static <V> Callable<V> forPool(Object pool, Callable<V> task) {
    try {
      ArgusContext context = TaskContexts.capture();
      if (context == null || task == null || task instanceof ContextPropagatingCallable
          || isVirtualThreadScheduler((ForkJoinPool) pool)) {
        return task;
      }
      return new ContextPropagatingCallable<V>(task, context);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return task;
    }
  }

  @SuppressWarnings("rawtypes")
  public static Collection forPool(Object pool, Collection tasks) {
    return ContextPropagatingCallable.wrapAllCurrent(tasks, INSTRUMENTATION);
  }

  /** Detaches the context a task was forked or submitted with; null when it has none. */
  public static ArgusContext take(Object task) {
    try {
      return ATTACHED.remove(task);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /** How many tasks wait with a context (for tests). */
  static int attachedCount() {
    return ATTACHED.size();
  }

  /**
   * The default scheduler of virtual threads is a ForkJoinPool whose worker factory is a lambda of
   * java.lang.VirtualThread: its tasks continue virtual threads, and each virtual thread carries its own context.
   */
  static boolean isVirtualThreadScheduler(ForkJoinPool pool) {
    if (pool == null) {
      return false;
    }
    Object factory = pool.getFactory();
    return factory != null && factory.getClass().getName().startsWith("java.lang.VirtualThread");
  }
}
