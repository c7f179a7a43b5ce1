package io.argus.instrumentation.executors;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.executors.TaskContexts;
import io.argus.bootstrap.executors.ThreadStartContexts;
import net.bytebuddy.asm.Advice;

/** {@code Thread.run()}, which runs the Runnable a platform thread was created with. */
public final class ThreadRunAdvice {
  private ThreadRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This Thread thread,
      @Advice.Local("previous") ArgusContext previous,
      @Advice.Local("scope") Scope scope) {
    ArgusContext started = ThreadStartContexts.take(thread);
    if (started != null) {
      previous = ArgusContext.current();
      scope = started.makeCurrent();
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Local("previous") ArgusContext previous, @Advice.Local("scope") Scope scope) {
    if (scope != null) {
      TaskContexts.restore(scope, previous, "thread-start");
    }
  }
}
