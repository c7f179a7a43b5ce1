package io.argus.instrumentation.executors;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.executors.ForkJoinTaskContexts;
import io.argus.bootstrap.executors.TaskContexts;
import net.bytebuddy.asm.Advice;

/**
 * {@code ForkJoinTask.doExec()}, through which every ForkJoinTask runs (on a worker, or on a thread that helps while
 * it joins): the task's context is current while it runs, and afterwards the thread is back to exactly what it had.
 */
public final class ForkJoinTaskExecAdvice {
  private ForkJoinTaskExecAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This Object task,
      @Advice.Local("previous") ArgusContext previous,
      @Advice.Local("scope") Scope scope) {
    previous = ArgusContext.current();
    ArgusContext attached = ForkJoinTaskContexts.take(task);
    if (attached != null) {
      scope = attached.makeCurrent();
    }
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Local("previous") ArgusContext previous, @Advice.Local("scope") Scope scope) {
    if (previous != null) {
      TaskContexts.restore(scope, previous, "fork-join");
    }
  }
}
