package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ForkJoinTaskContexts;
import net.bytebuddy.asm.Advice;

/** ForkJoinPool methods taking a ForkJoinTask (execute, submit, invoke, externalSubmit, lazySubmit, scheduling). */
public final class ForkJoinPoolTaskAdvice {
  private ForkJoinPoolTaskAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object pool, @Advice.Argument(0) Object task) {
    ForkJoinTaskContexts.attachCurrent(pool, task);
  }
}
