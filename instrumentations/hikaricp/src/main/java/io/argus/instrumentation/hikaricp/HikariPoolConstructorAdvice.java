package io.argus.instrumentation.hikaricp;

import io.argus.bootstrap.hikaricp.HikariPoolMetrics;
import net.bytebuddy.asm.Advice;

/** {@code new HikariPool(config)} succeeded: its gauges appear before the first connection is asked for. */
public final class HikariPoolConstructorAdvice {
  private HikariPoolConstructorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(
      @Advice.This Object pool,
      @Advice.FieldValue("poolName") String poolName,
      @Advice.FieldValue("config") Object config) {
    HikariPoolMetrics.register(pool, poolName, config);
  }
}
