package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcCall;
import java.sql.Connection;
import java.sql.SQLException;
import net.bytebuddy.asm.Advice;

/**
 * {@code Connection.commit()} and {@code rollback()} / {@code rollback(Savepoint)}: their own short CLIENT spans
 * ({@code COMMIT}, {@code ROLLBACK}), because they are round trips to the database whose time (a commit's flush) and
 * failure matter on their own.
 */
public final class JdbcTransactionAdvice {
  private JdbcTransactionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static JdbcCall onEnter(@Advice.This Connection connection, @Advice.Origin("#m") String method) {
    JdbcCall call = JdbcCall.enterTransaction(connection, method);
    if (call != null && call.needsConnection()) {
      try {
        call.useUnrememberedConnectionUrl(connection.getMetaData().getURL());
      } catch (Throwable ignored) {
        // A closed connection: the call fails anyway and is recorded without the connection's details.
      }
    }
    if (call != null) {
      call.begin();
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.Enter JdbcCall call, @Advice.Thrown Throwable thrown) {
    String sqlState = null;
    int vendorCode = 0;
    if (call != null && thrown instanceof SQLException) {
      try {
        sqlState = ((SQLException) thrown).getSQLState();
        vendorCode = ((SQLException) thrown).getErrorCode();
      } catch (Throwable ignored) {
        // A driver's exception that cannot describe itself is recorded without SQLState.
      }
    }
    JdbcCall.exit(call, thrown, sqlState, vendorCode);
  }
}
