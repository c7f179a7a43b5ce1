package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ThreadPoolTasks;
import net.bytebuddy.asm.Advice;

/** {@code ThreadPoolExecutor.remove(Runnable)} finds a task that waits inside its context wrapper. */
public final class ThreadPoolRemoveAdvice {
  private ThreadPoolRemoveAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This Object executor,
      @Advice.Argument(0) Runnable task,
      @Advice.Return(readOnly = false) boolean removed,
      @Advice.Thrown Throwable thrown) {
    if (!removed && thrown == null && ThreadPoolTasks.removeWrapped(executor, task)) {
      removed = true;
    }
  }
}
