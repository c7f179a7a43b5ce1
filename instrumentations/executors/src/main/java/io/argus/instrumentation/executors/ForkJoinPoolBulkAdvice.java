package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ForkJoinTaskContexts;
import java.util.Collection;
import net.bytebuddy.asm.Advice;

/** {@code ForkJoinPool.invokeAll} / {@code invokeAny}: every callable carries the caller's context. */
public final class ForkJoinPoolBulkAdvice {
  private ForkJoinPoolBulkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This Object pool, @Advice.Argument(value = 0, readOnly = false) Collection<?> tasks) {
    tasks = ForkJoinTaskContexts.forPool(pool, tasks);
  }
}
