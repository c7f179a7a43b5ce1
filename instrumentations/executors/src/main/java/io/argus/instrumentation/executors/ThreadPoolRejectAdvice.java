package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ContextPropagatingRunnable;
import net.bytebuddy.asm.Advice;

/**
 * {@code ThreadPoolExecutor.reject(Runnable)}: the RejectedExecutionHandler gets the application's task. Rejection
 * happens on the submitting thread, whose context is the captured one, so CallerRunsPolicy still runs it in context.
 */
public final class ThreadPoolRejectAdvice {
  private ThreadPoolRejectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
    task = ContextPropagatingRunnable.unwrap(task);
  }
}
