package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcStatements;
import net.bytebuddy.asm.Advice;

/** {@code Connection.prepareStatement(sql, ...)} and {@code prepareCall(sql, ...)}: remembers the statement's SQL. */
public final class JdbcPrepareAdvice {
  private JdbcPrepareAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void onExit(
      @Advice.This Object connection, @Advice.Argument(0) String sql, @Advice.Return Object statement) {
    JdbcStatements.prepared(statement, sql, connection);
  }
}
