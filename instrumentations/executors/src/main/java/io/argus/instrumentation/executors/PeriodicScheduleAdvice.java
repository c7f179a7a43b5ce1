package io.argus.instrumentation.executors;

import io.argus.bootstrap.Scope;
import io.argus.bootstrap.executors.PeriodicTasks;
import net.bytebuddy.asm.Advice;

/** scheduleAtFixedRate / scheduleWithFixedDelay: periodic tasks start from the root (see PeriodicTasks). */
public final class PeriodicScheduleAdvice {
  private PeriodicScheduleAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static Scope enter() {
    return PeriodicTasks.enterRoot("executors");
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter Scope scope) {
    PeriodicTasks.exit(scope, "executors");
  }
}
