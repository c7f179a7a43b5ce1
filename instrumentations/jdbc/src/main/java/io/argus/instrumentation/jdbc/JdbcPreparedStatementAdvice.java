package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcCall;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import net.bytebuddy.asm.Advice;

/**
 * {@code PreparedStatement} / {@code CallableStatement} {@code execute()}, {@code executeQuery()},
 * {@code executeUpdate()}, {@code executeLargeUpdate()}: the SQL is the one remembered at prepare time.
 */
public final class JdbcPreparedStatementAdvice {
  private JdbcPreparedStatementAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static JdbcCall onEnter(@Advice.This Statement statement) {
    JdbcCall call = JdbcCall.enterPrepared(statement);
    if (call != null && call.needsConnection()) {
      try {
        Connection connection = statement.getConnection();
        if (!call.useKnownConnection(connection)) {
          call.useConnectionUrl(connection, connection.getMetaData().getURL());
        }
      } catch (Throwable ignored) {
        // A closed statement: the call fails anyway and is recorded without the connection's details.
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
