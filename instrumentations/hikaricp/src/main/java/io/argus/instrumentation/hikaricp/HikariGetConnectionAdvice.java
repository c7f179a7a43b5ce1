package io.argus.instrumentation.hikaricp;

import io.argus.bootstrap.hikaricp.HikariPoolMetrics;
import net.bytebuddy.asm.Advice;

/** {@code HikariPool.getConnection(timeout)}: how long the application waited for a connection. */
public final class HikariGetConnectionAdvice {
  private HikariGetConnectionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static long onEnter() {
    return System.nanoTime();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.This Object pool,
      @Advice.FieldValue("poolName") String poolName,
      @Advice.FieldValue("config") Object config,
      @Advice.Enter long startNanos) {
    HikariPoolMetrics.recordWait(pool, poolName, config, startNanos);
  }
}
