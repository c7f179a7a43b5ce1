package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ContextPropagatingRunnable;
import net.bytebuddy.asm.Advice;

/**
 * {@code new VirtualThread(scheduler, name, characteristics, task)}, behind Thread.ofVirtual(),
 * Thread.startVirtualThread and Executors.newVirtualThreadPerTaskExecutor(): the task runs in the creator's context.
 * Runs before the constructor's body, so the thread keeps only the wrapped task; nothing per thread is kept elsewhere.
 */
public final class VirtualThreadConstructorAdvice {
  private VirtualThreadConstructorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.Argument(value = 3, readOnly = false) Runnable task) {
    task = ContextPropagatingRunnable.wrapCurrent(task, "virtual-threads");
  }
}
