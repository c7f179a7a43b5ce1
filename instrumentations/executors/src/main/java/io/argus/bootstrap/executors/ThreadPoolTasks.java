package io.argus.bootstrap.executors;

import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.InstrumentationErrors;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * What the ThreadPoolExecutor advice calls. A task given to {@code execute} while a context is current waits in the
 * queue as a {@link ContextPropagatingRunnable}; the worker unwraps it when it takes it ({@code getTask}), makes its
 * context current and hands the application's own task to {@code beforeExecute}, {@code run} and
 * {@code afterExecute}. {@code remove}, {@code shutdownNow} and the rejection handler see through the wrapper too;
 * only {@code getQueue()} shows it.
 */
public final class ThreadPoolTasks {
  static final String INSTRUMENTATION = "executors";

  private ThreadPoolTasks() {}

  /**
   * The task to queue for {@code execute}. FutureTasks are left alone: they captured their context when they were
   * created (submit, invokeAll, schedule), and wrapping them would hide the Future the application got back.
   */
  public static Runnable wrapForExecute(Runnable task) {
    if (FaultInjection.ON) {
      FaultInjection.fail("executors.advice");
    }
    if (task instanceof FutureTask) {
      return task;
    }
    return ContextPropagatingRunnable.wrapCurrent(task, INSTRUMENTATION);
  }

  /**
   * A worker starts a task: the task's context becomes current until the worker asks for its next task (or ends), and
   * the application's own task is returned for the worker to run.
   */
  public static Runnable startTask(Runnable task) {
    if (FaultInjection.ON) {
      FaultInjection.fail("executors.advice");
    }
    try {
      if (task instanceof ContextPropagatingRunnable) {
        ContextPropagatingRunnable wrapper = (ContextPropagatingRunnable) task;
        wrapper.context().makeCurrent(); // closed by the clear() before the next task, never across tasks
        return wrapper.task();
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
    return task;
  }

  /** A worker between tasks, or leaving: no context of the previous task stays current. */
  public static void endTask() {
    TaskContexts.clear(INSTRUMENTATION);
  }

  /**
   * {@code remove(task)} found nothing: the task may be queued inside a wrapper. Removes the wrapper and returns true
   * if so.
   */
  public static boolean removeWrapped(Object executor, Runnable task) {
    try {
      if (task == null || task instanceof ContextPropagatingRunnable) {
        return false;
      }
      BlockingQueue<Runnable> queue = ((ThreadPoolExecutor) executor).getQueue();
      for (Runnable queued : queue) {
        if (queued instanceof ContextPropagatingRunnable
            && ((ContextPropagatingRunnable) queued).task() == task
            && queue.remove(queued)) {
          return true;
        }
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
    return false;
  }

  /** The tasks {@code shutdownNow()} returns, as the application submitted them. */
  public static void unwrapAll(List<Runnable> tasks) {
    try {
      if (tasks == null) {
        return;
      }
      for (int i = 0; i < tasks.size(); i++) {
        Runnable task = tasks.get(i);
        if (task instanceof ContextPropagatingRunnable) {
          tasks.set(i, ((ContextPropagatingRunnable) task).task());
        }
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }
}
