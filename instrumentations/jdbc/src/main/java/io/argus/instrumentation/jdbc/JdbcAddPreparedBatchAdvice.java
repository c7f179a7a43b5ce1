package io.argus.instrumentation.jdbc;

import io.argus.bootstrap.jdbc.JdbcStatements;
import net.bytebuddy.asm.Advice;

/** {@code PreparedStatement.addBatch()}: counts one more set of parameters for the batch. */
public final class JdbcAddPreparedBatchAdvice {
  private JdbcAddPreparedBatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void onEnter() {
    JdbcStatements.enterAddBatch();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void onExit(@Advice.This Object statement, @Advice.Thrown Throwable thrown) {
    JdbcStatements.exitAddBatch(statement, null, thrown == null);
  }
}
