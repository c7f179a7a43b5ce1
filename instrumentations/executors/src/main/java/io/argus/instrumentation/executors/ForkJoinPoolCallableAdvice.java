package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ForkJoinTaskContexts;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinPool.submit(Callable)} (and {@code submitWithTimeout} on recent JDKs). */
public final class ForkJoinPoolCallableAdvice {
  private ForkJoinPoolCallableAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This Object pool, @Advice.Argument(value = 0, readOnly = false) Callable<?> task) {
    task = ForkJoinTaskContexts.forPool(pool, task);
  }
}
