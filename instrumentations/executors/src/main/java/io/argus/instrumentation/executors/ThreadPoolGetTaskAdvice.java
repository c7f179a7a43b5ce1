package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ThreadPoolTasks;
import net.bytebuddy.asm.Advice;

/**
 * {@code ThreadPoolExecutor.getTask()}, which a worker calls between two tasks: on entry the previous task's context
 * is cleared (whatever the task left behind), on exit the next task's context becomes current and the worker gets the
 * application's own task back.
 */
public final class ThreadPoolGetTaskAdvice {
  private ThreadPoolGetTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter() {
    ThreadPoolTasks.endTask();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Return(readOnly = false) Runnable task) {
    task = ThreadPoolTasks.startTask(task);
  }
}
