package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ThreadPoolTasks;
import net.bytebuddy.asm.Advice;

/**
 * {@code ThreadPoolExecutor$Worker.run()}: a new worker's first task is handed to it directly, not through
 * {@code getTask()}; and whatever way the worker ends, its thread keeps no context.
 */
public final class ThreadPoolWorkerRunAdvice {
  private ThreadPoolWorkerRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.FieldValue(value = "firstTask", readOnly = false) Runnable firstTask) {
    firstTask = ThreadPoolTasks.startTask(firstTask);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit() {
    ThreadPoolTasks.endTask();
  }
}
