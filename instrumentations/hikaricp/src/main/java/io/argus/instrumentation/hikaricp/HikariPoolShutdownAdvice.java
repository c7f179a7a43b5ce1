package io.argus.instrumentation.hikaricp;

import io.argus.bootstrap.hikaricp.HikariPoolMetrics;
import net.bytebuddy.asm.Advice;

/** {@code HikariPool.shutdown()}: a closed pool has no connections to report. */
public final class HikariPoolShutdownAdvice {
  private HikariPoolShutdownAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This Object pool) {
    HikariPoolMetrics.unregister(pool);
  }
}
