package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ContextPropagatingCallable;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;

/**
 * {@code new FutureTask(...)} (what submit, invokeAll, invokeAny and schedule create, in every AbstractExecutorService
 * and ScheduledThreadPoolExecutor): the task's private callable is wrapped with the creator's context. The FutureTask
 * the application holds, and finds in queues, stays the same object.
 */
public final class FutureTaskConstructorAdvice {
  private FutureTaskConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.FieldValue(value = "callable", readOnly = false) Callable<?> callable) {
    callable = ContextPropagatingCallable.wrapCurrent(callable, "executors");
  }
}
