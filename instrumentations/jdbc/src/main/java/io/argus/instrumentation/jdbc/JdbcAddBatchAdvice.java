package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcStatements;
import net.bytebuddy.asm.Advice;

/** {@code Statement.addBatch(sql)}: counts the statement and keeps its text for the batch's span. */
public final class JdbcAddBatchAdvice {
  private JdbcAddBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter() {
    JdbcStatements.enterAddBatch();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.This Object statement, @Advice.Argument(0) String sql, @Advice.Thrown Throwable thrown) {
    JdbcStatements.exitAddBatch(statement, sql, thrown == null);
  }
}
