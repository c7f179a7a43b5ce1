package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ThreadPoolTasks;
import net.bytebuddy.asm.Advice;

/** {@code ThreadPoolExecutor.execute(Runnable)}: the task is queued with the submitter's context. */
public final class ThreadPoolExecuteAdvice {
  private ThreadPoolExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = ThreadPoolTasks.wrapForExecute(task);
  }
}
