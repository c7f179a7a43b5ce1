package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcStatements;
import net.bytebuddy.asm.Advice;

/** {@code Statement.clearBatch()}: forgets the batch built so far. */
public final class JdbcClearBatchAdvice {
  private JdbcClearBatchAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(@Advice.This Object statement) {
    JdbcStatements.clearBatch(statement);
  }
}
