package io.argus.bootstrap.jdbc;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.CallDepth;
import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.metrics.DurationHistogram;

/**
 * One database call as the application made it — an execute of a statement, a batch, a commit or a rollback — from
 * the advice's enter to its exit: a CLIENT span and one observation of {@code db_client_operation_duration_seconds}.
 *
 * <p>The advice drives it in three steps, because only inlined advice can call JDBC methods (this class lives on the
 * bootstrap class path, where {@code java.sql} is not visible):
 *
 * <pre>
 * enter:  call = JdbcCall.enterX(...)                       // null when nested in another JDBC call
 *         if (call != null &amp;&amp; call.needsConnection()) { ... call.useKnownConnection(c) / useConnectionUrl(c, url) }
 *         if (call != null) call.begin();
 * exit:   JdbcCall.exit(call, thrown, sqlState, vendorCode)  // always, it also unwinds the nesting depth
 * </pre>
 *
 * A driver calling one instrumented method from another ({@code executeQuery} → {@code execute}), or a pool's proxy
 * delegating to the driver, gives one span: {@link #DEPTH} lets only the outermost call record.
 */
public final class JdbcCall {
  static final String INSTRUMENTATION = "jdbc";

  private static final CallDepth DEPTH = new CallDepth();

  static final DurationHistogram DURATION =
      DurationHistogram.create(
          "db_client_operation_duration_seconds",
          "Duration of database client operations (JDBC statements, batches, commits, rollbacks)",
          DurationHistogram.DB_BUCKETS,
          "db_system_name",
          "db_operation_name",
          "db_collection_name",
          "error_type");

  private static final int STATEMENT = 0;
  private static final int PREPARED = 1;
  private static final int BATCH = 2;
  private static final int TRANSACTION = 3;

  private final int kind;
  private final String sql;
  private final JdbcStatementState state;
  private final String transactionOperation;
  private JdbcConnectionInfo connection;
  private SanitizedSql sanitized;
  private int batchSize;
  private ArgusSpan span;

  private JdbcCall(int kind, String sql, JdbcStatementState state, String transactionOperation) {
    this.kind = kind;
    this.sql = sql;
    this.state = state;
    this.transactionOperation = transactionOperation;
    this.connection = state == null ? null : state.connection();
  }

  /** {@code execute(sql)}, {@code executeQuery(sql)}, {@code executeUpdate(sql, ...)}, {@code executeLargeUpdate}. */
  public static JdbcCall enterStatement(Object statement, String sql) {
    if (FaultInjection.ON) {
      FaultInjection.fail("jdbc.advice");
    }
    if (DEPTH.increment() > 0) {
      return null;
    }
    try {
      return new JdbcCall(STATEMENT, sql, JdbcStatements.state(statement), null);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /** {@code execute()}, {@code executeQuery()}, {@code executeUpdate()}, {@code executeLargeUpdate()}. */
  public static JdbcCall enterPrepared(Object statement) {
    if (FaultInjection.ON) {
      FaultInjection.fail("jdbc.advice");
    }
    if (DEPTH.increment() > 0) {
      return null;
    }
    try {
      return new JdbcCall(PREPARED, null, JdbcStatements.state(statement), null);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /** {@code executeBatch()}, {@code executeLargeBatch()}. */
  public static JdbcCall enterBatch(Object statement) {
    if (FaultInjection.ON) {
      FaultInjection.fail("jdbc.advice");
    }
    if (DEPTH.increment() > 0) {
      return null;
    }
    try {
      return new JdbcCall(BATCH, null, JdbcStatements.state(statement), null);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /** {@code Connection.commit()} ({@code method} "commit") or {@code rollback(...)} ("rollback"). */
  public static JdbcCall enterTransaction(Object connection, String method) {
    if (FaultInjection.ON) {
      FaultInjection.fail("jdbc.advice");
    }
    if (DEPTH.increment() > 0) {
      return null;
    }
    try {
      JdbcCall call = new JdbcCall(TRANSACTION, null, null, "commit".equals(method) ? "COMMIT" : "ROLLBACK");
      call.connection = JdbcConnectionInfo.cached(connection);
      return call;
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /** Whether the advice must find the connection: the first call on this statement or connection. */
  public boolean needsConnection() {
    return connection == null;
  }

  /** Uses the connection's info if it has been seen before; false when the advice must read its URL. */
  public boolean useKnownConnection(Object jdbcConnection) {
    JdbcConnectionInfo known = JdbcConnectionInfo.cached(jdbcConnection);
    if (known != null) {
      useConnection(known);
      return true;
    }
    return false;
  }

  /** The connection's {@code DatabaseMetaData.getURL()}, read by the advice once per connection. */
  public void useConnectionUrl(Object jdbcConnection, String url) {
    try {
      useConnection(JdbcConnectionInfo.remember(jdbcConnection, url));
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /**
   * For a commit or rollback on a connection not seen before: the connection's URL, used without remembering the
   * connection. Transactions usually run on a pool's proxy connection, a new one per borrow, and remembering each
   * would put a weak-map entry per transaction; a driver's own connection is remembered by its statements.
   */
  public void useUnrememberedConnectionUrl(String url) {
    try {
      useConnection(JdbcConnectionInfo.forUrl(url));
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  private void useConnection(JdbcConnectionInfo info) {
    connection = info;
    if (state != null) {
      state.connection(info); // the statement's next executions skip the lookup
    }
  }

  /** Starts the span once the connection is known (or could not be found). */
  public void begin() {
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("jdbc.enter");
      }
      if (connection == null) {
        connection = JdbcConnectionInfo.UNKNOWN;
      }
      SqlDialect dialect = connection.dialect();
      if (kind == STATEMENT) {
        sanitized = SanitizedSqlCache.get(sql, dialect);
      } else if (kind == PREPARED) {
        sanitized = state == null ? SanitizedSql.UNKNOWN : state.prepared(dialect);
      } else if (kind == BATCH) {
        if (state == null) {
          sanitized = SanitizedSql.UNKNOWN_BATCH; // built before the agent was attached
        } else {
          batchSize = state.batchSize();
          sanitized = state.takeBatch(dialect, SanitizedSqlCache.maxLength());
        }
      } else {
        sanitized = new SanitizedSql(null, transactionOperation, null, null);
      }
      JdbcSpanTemplate template = sanitized.template(connection);
      span = ArgusTracer.startSpan(template.spanName, SpanKind.CLIENT);
      if (span.isRecording()) {
        template.addAttributes(span);
        if (batchSize > 1) {
          span.setAttribute("db.operation.batch.size", (long) batchSize);
        }
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /**
   * Ends the call: always unwinds the nesting depth; for the outermost call records the error (the SQLException's
   * SQLState and vendor code, read by the advice), ends the span and records the duration.
   */
  public static void exit(JdbcCall call, Throwable thrown, String sqlState, int vendorCode) {
    if (DEPTH.decrement() > 0 || call == null) {
      return;
    }
    try {
      call.end(thrown, sqlState, vendorCode);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  private void end(Throwable thrown, String sqlState, int vendorCode) {
    if (span == null) {
      return; // begin() failed: nothing was started
    }
    if (FaultInjection.ON) {
      FaultInjection.fail("jdbc.exit");
    }
    long endNanos = System.nanoTime();
    long duration = endNanos - span.startNanoTime(); // the span's clock reads time the call too
    if (thrown != null && span.isRecording()) {
      span.recordException(thrown);
      span.setAttribute("error.type", sqlState != null ? sqlState : thrown.getClass().getName());
      if (sqlState != null) {
        span.setAttribute("db.response.status_code", sqlState);
      }
      if (vendorCode != 0) {
        span.setAttribute("db.response.vendor_code", (long) vendorCode);
      }
    }
    span.endAtNanoTime(endNanos);
    // error_type as in the semantic conventions: empty on success, else the SQLState (a bounded set) or the class.
    String errorType = thrown == null ? "" : sqlState != null ? sqlState : thrown.getClass().getName();
    DURATION.recordWithExemplar(duration, span, connection.system(), label(sanitized.operationName()),
        label(sanitized.collectionName()), errorType);
  }

  /**
   * {@code {db.operation.name} {db.collection.name}} ({@code SELECT owners}), the procedure for calls
   * ({@code CALL refresh_totals}), the operation alone; without an operation the namespace, else the system.
   */
  static String spanName(SanitizedSql sql, JdbcConnectionInfo connection) {
    String operation = sql.operationName();
    String target = sql.collectionName() != null ? sql.collectionName() : sql.storedProcedureName();
    if (operation != null) {
      return target == null ? operation : operation + " " + target;
    }
    return connection.namespace() != null ? connection.namespace() : connection.system();
  }

  private static String label(String value) {
    return value == null ? "" : value;
  }
}
