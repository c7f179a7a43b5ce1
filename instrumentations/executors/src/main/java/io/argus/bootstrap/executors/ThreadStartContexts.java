package io.argus.bootstrap.executors;

import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;

/**
 * A platform thread started while a context is current runs its task in that context: captured in
 * {@code Thread.start()}, made current when the new thread enters {@code Thread.run()}, removed when run returns.
 *
 * <p>Left out: threads whose class overrides {@code run()} (their loop is not "the task" of the starter: the JDK
 * HttpClient's selector, ForkJoin workers, ...), threads started by a pool (see {@link PoolThreadStarts}), and the
 * agent's threads. Since JDK 19 the task lives in a final field of the thread, so the context waits in a weak map
 * keyed by the thread between start and run.
 */
public final class ThreadStartContexts {
  static final String INSTRUMENTATION = "thread-start";

  private static final WeakIdentityContextMap STARTING = new WeakIdentityContextMap();

  private static final ClassValue<Boolean> RUNS_ITS_TASK =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("run").getDeclaringClass() == Thread.class;
          } catch (NoSuchMethodException impossible) {
            return Boolean.FALSE;
          }
        }
      };

  private ThreadStartContexts() {}

  /** Called on the starting thread, from {@code Thread.start()}. */
  public static void onStart(Thread thread) {
    try {
      ArgusContext context = TaskContexts.capture();
      if (context == null
          || thread instanceof AgentThread
          || !RUNS_ITS_TASK.get(thread.getClass())
          || PoolThreadStarts.startedByPool()) {
        return;
      }
      STARTING.putIfAbsent(thread, context);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** Called on the new thread, from {@code Thread.run()}: the context it was started with, or null. */
  public static ArgusContext take(Thread thread) {
    try {
      if (STARTING.isEmpty() || thread != Thread.currentThread()) {
        return null; // nothing waiting, or run() called directly as a plain method by another thread
      }
      return STARTING.remove(thread);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /** How many started threads have not reached run() yet (for tests). */
  static int waitingCount() {
    return STARTING.size();
  }
}
