package io.argus.bootstrap.jdbc;

import io.argus.bootstrap.CallDepth;
import io.argus.bootstrap.InstrumentationErrors;

/**
 * The statement → SQL association, without touching the driver's classes: a weak identity map from each statement
 * object to its {@link JdbcStatementState}. Weak keys mean no leak whatever the application does (an entry goes with
 * its statement); identity means a driver's {@code equals} is never called. Prepared statements are registered when
 * {@code prepareStatement}/{@code prepareCall} return; a plain statement gets an entry only when it builds a batch.
 *
 * <p>Pools wrap statements (HikariCP's proxy delegates to the driver's statement): only the outermost prepare's
 * statement, the one the application executes, is registered, and {@code addBatch} is counted only on it. (A driver
 * statement the application unwraps and executes directly gets spans without its SQL text.)
 * {@code close()} removes the entry at once, so the map holds the open statements, not every one since the last GC.
 *
 * <p>A pool hands out a new proxy connection for each borrow, so the proxy is never a connection seen before; but it
 * prepares through the driver's pooled connection, on the same thread, inside its own {@code prepareStatement}. That
 * innermost prepare remembers the driver's connection the first time ({@link #prepared} asks the advice to read
 * its URL once per physical connection), and the proxy's statement takes what it knew, so its executions need not
 * look the connection up (which for a proxy meant reading {@code getMetaData().getURL()} and remembering the proxy
 * in a weak map, per borrow: thousands of weak references per second for the garbage collector to process).
 */
public final class JdbcStatements {
  private static final WeakIdentityMap<Object, JdbcStatementState> STATES =
      new WeakIdentityMap<Object, JdbcStatementState>();
  private static final CallDepth ADD_BATCH_DEPTH = new CallDepth();
  private static final CallDepth PREPARE_DEPTH = new CallDepth();
  /** The connection a nested (driver's) prepare knew, for the outermost (proxy's) prepare around it on this thread. */
  private static final ThreadLocal<JdbcConnectionInfo[]> INNER_PREPARE_CONNECTION =
      new ThreadLocal<JdbcConnectionInfo[]>() {
        @Override
        protected JdbcConnectionInfo[] initialValue() {
          return new JdbcConnectionInfo[1];
        }
      };

  private JdbcStatements() {}

  /** Before {@code Connection.prepareStatement(sql, ...)} / {@code prepareCall(sql, ...)}. */
  public static void enterPrepare() {
    PREPARE_DEPTH.increment();
  }

  /**
   * After {@code prepareStatement} / {@code prepareCall}, whether it returned {@code statement} or threw (then
   * {@code statement} is null). Always called after {@link #enterPrepare}: it unwinds the nesting.
   *
   * <p>Returns whether the advice should read the connection's URL now and hand it to {@link #connectionUrl}: true for
   * the innermost prepare nested in another (a driver's, inside a pool's) on a connection not seen yet. A prepare
   * that no other wraps leaves its connection to its first execution.
   */
  public static boolean prepared(Object statement, String sql, Object connection) {
    boolean outermost = PREPARE_DEPTH.decrement() == 0;
    JdbcConnectionInfo[] inner = INNER_PREPARE_CONNECTION.get();
    try {
      if (statement == null) {
        return false;
      }
      JdbcConnectionInfo info = JdbcConnectionInfo.cached(connection);
      if (!outermost) {
        // The driver's statement inside a pool's prepare: the application gets, and executes, the pool's statement,
        // whose executions reach this one only nested (and record nothing), so it is not registered (that cost a
        // weak entry per borrow). Its connection is handed out to the wrapper's prepare, or asked for.
        if (info != null) {
          inner[0] = info;
        }
        return info == null && inner[0] == null;
      }
      if (info == null) {
        info = inner[0]; // from the driver's prepare inside this one; only ever set inside the current outermost one
      }
      // Whatever the outermost prepare returns: the wrapper's statement, or the driver's own if it hands that out.
      JdbcStatementState state = new JdbcStatementState(sql);
      state.connection(info);
      STATES.put(statement, state);
      return false;
    } catch (Throwable t) {
      InstrumentationErrors.record(JdbcCall.INSTRUMENTATION, t);
      return false;
    } finally {
      if (outermost) {
        inner[0] = null;
      }
    }
  }

  /**
   * The URL of the connection whose {@link #prepared} asked for it: remembers the connection, gives the statement
   * its details, and hands them to the wrapper's prepare around this one.
   */
  public static void connectionUrl(Object statement, Object connection, String url) {
    try {
      JdbcConnectionInfo info = JdbcConnectionInfo.remember(connection, url);
      JdbcStatementState state = STATES.get(statement);
      if (state != null) {
        state.connection(info);
      }
      if (PREPARE_DEPTH.current() > 0) {
        INNER_PREPARE_CONNECTION.get()[0] = info;
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(JdbcCall.INSTRUMENTATION, t);
    }
  }

  /** Before {@code addBatch}: only the outermost call of a wrapped statement counts. */
  public static void enterAddBatch() {
    ADD_BATCH_DEPTH.increment();
  }

  /** After {@code addBatch()} ({@code sql} null) or {@code addBatch(sql)}; {@code added} false if it threw. */
  public static void exitAddBatch(Object statement, String sql, boolean added) {
    if (ADD_BATCH_DEPTH.decrement() > 0 || !added || statement == null) {
      return;
    }
    try {
      JdbcStatementState state = STATES.get(statement);
      if (state == null) {
        state = STATES.putIfAbsent(statement, new JdbcStatementState(null));
      }
      if (sql == null) {
        state.addPreparedBatch();
      } else {
        state.addBatch(sql);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(JdbcCall.INSTRUMENTATION, t);
    }
  }

  /** After {@code clearBatch()}. */
  public static void clearBatch(Object statement) {
    try {
      JdbcStatementState state = STATES.get(statement);
      if (state != null) {
        state.clearBatch();
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(JdbcCall.INSTRUMENTATION, t);
    }
  }

  /** After {@code Statement.close()}: the statement cannot be executed any more. */
  public static void closed(Object statement) {
    try {
      STATES.remove(statement);
    } catch (Throwable t) {
      InstrumentationErrors.record(JdbcCall.INSTRUMENTATION, t);
    }
  }

  static JdbcStatementState state(Object statement) {
    return STATES.get(statement);
  }

  static int size() {
    return STATES.size();
  }
}
