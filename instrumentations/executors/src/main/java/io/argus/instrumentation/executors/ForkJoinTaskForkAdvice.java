package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ForkJoinTaskContexts;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinTask.fork()}: the subtask takes the forking thread's context (parallel streams, RecursiveTask). */
public final class ForkJoinTaskForkAdvice {
  private ForkJoinTaskForkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object task) {
    ForkJoinTaskContexts.attachCurrent(task);
  }
}
