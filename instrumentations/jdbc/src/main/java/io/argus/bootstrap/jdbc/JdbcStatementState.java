package io.argus.bootstrap.jdbc;

import java.util.ArrayList;
import java.util.List;

/**
 * What the agent remembers about one statement object: the SQL it was prepared with, the info of its connection once
 * known, and the batch being built with {@code addBatch}. Kept in a weak map keyed by the statement, so it lives
 * exactly as long as the statement. A statement is used by one thread at a time (JDBC objects are not shared without
 * the application's own synchronisation), so the batch fields need no locking; the fields read across calls are
 * volatile for safe publication.
 */
final class JdbcStatementState {
  /** Statements of a plain batch whose text is kept: they name the span; the batch size counts them all. */
  static final int MAX_BATCH_TEXTS = 16;

  /** The SQL of a prepared or callable statement, as the application wrote it; null for a plain statement. */
  final String preparedSql;

  private volatile SanitizedSql sanitized;
  private volatile JdbcConnectionInfo connection;

  private int batchSize;
  private String[] batchSql;

  JdbcStatementState(String preparedSql) {
    this.preparedSql = preparedSql;
  }

  JdbcConnectionInfo connection() {
    return connection;
  }

  void connection(JdbcConnectionInfo info) {
    connection = info;
  }

  /** The prepared SQL, sanitized for the connection's dialect once, then reused by every execution. */
  SanitizedSql prepared(SqlDialect dialect) {
    SanitizedSql value = sanitized;
    if (value == null) {
      value = preparedSql == null ? SanitizedSql.UNKNOWN : SanitizedSqlCache.get(preparedSql, dialect);
      sanitized = value;
    }
    return value;
  }

  /** {@code addBatch()} on a prepared statement. */
  void addPreparedBatch() {
    batchSize++;
  }

  /**
   * {@code addBatch(sql)} on a plain statement. Only the text of the first statements is kept, unparsed: the dialect
   * that decides what a literal is may only be known when the batch runs, and the driver holds the rest anyway.
   */
  void addBatch(String sql) {
    if (batchSql == null) {
      batchSql = new String[MAX_BATCH_TEXTS];
    }
    if (batchSize < MAX_BATCH_TEXTS) {
      batchSql[batchSize] = sql;
    }
    batchSize++;
  }

  void clearBatch() {
    batchSize = 0;
    batchSql = null;
  }

  int batchSize() {
    return batchSize;
  }

  /**
   * The batch as {@code executeBatch} runs it, and the statement's batch emptied, as JDBC says it is afterwards.
   * Following the database semantic conventions, several statements are named {@code BATCH <operation>} when they
   * share the operation (else {@code BATCH}), keep the collection when they share it, and their distinct texts are
   * joined with {@code "; "}; a batch of one is just that statement.
   */
  SanitizedSql takeBatch(SqlDialect dialect, int maxLength) {
    SanitizedSql result;
    if (preparedSql != null) {
      SanitizedSql sql = prepared(dialect);
      result = batchSize < 2 ? sql : new SanitizedSql(sql.queryText(), batchName(sql.operationName()),
          sql.collectionName(), sql.storedProcedureName());
    } else if (batchSql == null) {
      result = SanitizedSql.UNKNOWN_BATCH;
    } else {
      result = plainBatch(dialect, maxLength);
    }
    clearBatch();
    return result;
  }

  private SanitizedSql plainBatch(SqlDialect dialect, int maxLength) {
    SanitizedSql first = SanitizedSqlCache.get(batchSql[0], dialect);
    if (batchSize < 2) {
      return first;
    }
    String operation = first.operationName();
    String collection = first.collectionName();
    List<String> texts = new ArrayList<String>();
    int length = 0;
    for (int i = 0; i < Math.min(batchSize, MAX_BATCH_TEXTS); i++) {
      SanitizedSql next = i == 0 ? first : SanitizedSqlCache.get(batchSql[i], dialect);
      operation = same(operation, next.operationName()) ? operation : null;
      collection = same(collection, next.collectionName()) ? collection : null;
      String text = next.queryText();
      boolean fits = texts.isEmpty() || length + 2 + (text == null ? 0 : text.length()) <= maxLength;
      if (text != null && !text.isEmpty() && fits && !texts.contains(text)) {
        texts.add(text);
        length += text.length() + (texts.size() > 1 ? 2 : 0);
      }
    }
    StringBuilder joined = new StringBuilder(length);
    for (String text : texts) {
      joined.append(joined.length() == 0 ? "" : "; ").append(text);
    }
    return new SanitizedSql(joined.length() == 0 ? null : joined.toString(), batchName(operation), collection, null);
  }

  private static String batchName(String operation) {
    return operation == null ? "BATCH" : "BATCH " + operation;
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }
}
