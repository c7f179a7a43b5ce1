package io.argus.instrumentation.executors;

import io.argus.bootstrap.executors.ThreadStartContexts;
import net.bytebuddy.asm.Advice;

/** {@code Thread.start()} (and the JDK's internal {@code start(ThreadContainer)}). */
public final class ThreadStartAdvice {
  private ThreadStartAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Thread thread) {
    ThreadStartContexts.onStart(thread);
  }
}
