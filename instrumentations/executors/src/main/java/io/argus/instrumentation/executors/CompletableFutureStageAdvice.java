package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ContextPropagatingExecutor;
import java.util.concurrent.Executor;
import net.bytebuddy.asm.Advice;

/**
 * CompletableFuture's private {@code *Stage(Executor, ...)} methods, behind every {@code *Async} method: the stage's
 * executor is bound to the context current at registration (null, for synchronous stages, stays null).
 */
public final class CompletableFutureStageAdvice {
  private CompletableFutureStageAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 0, readOnly = false) Executor executor) {
    executor = ContextPropagatingExecutor.bindCurrent(executor);
  }
}
