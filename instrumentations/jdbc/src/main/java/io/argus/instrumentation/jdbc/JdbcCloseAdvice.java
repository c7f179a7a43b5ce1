package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcStatements;
import net.bytebuddy.asm.Advice;

/**
 * {@code Statement.close()}: forgets the statement at once. The weak keys would drop it too, but only after a garbage
 * collection; until then every statement prepared since the last one would stay in the map, and an application that
 * prepares statements by the thousand per second would keep a large, cache-missing map on its query path.
 */
public final class JdbcCloseAdvice {
  private JdbcCloseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This Object statement) {
    JdbcStatements.closed(statement);
  }
}
