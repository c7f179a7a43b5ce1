package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ForkJoinTaskContexts;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinPool.execute(Runnable)} and {@code submit(Runnable[, result])}. */
public final class ForkJoinPoolRunnableAdvice {
  private ForkJoinPoolRunnableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This Object pool, @Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = ForkJoinTaskContexts.forPool(pool, task);
  }
}
