package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ThreadPoolTasks;
import java.util.List;
import net.bytebuddy.asm.Advice;

/** {@code ThreadPoolExecutor.shutdownNow()} returns the never-run tasks as the application submitted them. */
public final class ThreadPoolShutdownNowAdvice {
  private ThreadPoolShutdownNowAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.Return List<Runnable> notRun) {
    ThreadPoolTasks.unwrapAll(notRun);
  }
}
