package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcStatements;
import java.sql.Connection;
import net.bytebuddy.asm.Advice;

/** {@code Connection.prepareStatement(sql, ...)} and {@code prepareCall(sql, ...)}: remembers the statement's SQL. */
public final class JdbcPrepareAdvice {
  private JdbcPrepareAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter() {
    JdbcStatements.enterPrepare();
  }

  // Also when it throws: the exit unwinds the prepare nesting that the enter counted.
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(
      @Advice.This Connection connection, @Advice.Argument(0) String sql, @Advice.Return Object statement) {
    if (JdbcStatements.prepared(statement, sql, connection)) {
      try {
        JdbcStatements.connectionUrl(statement, connection, connection.getMetaData().getURL());
      } catch (Throwable ignored) {
        // The statement's first execution reads it instead.
      }
    }
  }
}
