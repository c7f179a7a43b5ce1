package io.argus.bootstrap.jdbc;

import io.argus.bootstrap.ArgusSpan;
import java.util.Arrays;

/**
 * The span name and attributes every execution of one statement on one database shares, built once: a call then
 * starts its span with a ready name and the shared attributes ({@link ArgusSpan#setAttributes}) instead of building
 * the name and setting the attributes one by one. Kept by {@link SanitizedSql#template}.
 */
final class JdbcSpanTemplate {
  final JdbcConnectionInfo connection;
  final String spanName;
  private final String[] keys;
  private final Object[] values;

  JdbcSpanTemplate(SanitizedSql sql, JdbcConnectionInfo connection) {
    this.connection = connection;
    this.spanName = JdbcCall.spanName(sql, connection);
    String[] k = new String[8];
    Object[] v = new Object[8];
    int n = 0;
    n = add(k, v, n, "db.system.name", connection.system());
    n = add(k, v, n, "db.namespace", connection.namespace());
    if (connection.serverAddress() != null) {
      n = add(k, v, n, "server.address", connection.serverAddress());
      if (connection.serverPort() > 0) {
        n = add(k, v, n, "server.port", Long.valueOf(connection.serverPort()));
      }
    }
    String text = sql.queryText();
    if (text != null && !text.isEmpty()) {
      n = add(k, v, n, "db.query.text", text);
    }
    n = add(k, v, n, "db.operation.name", sql.operationName());
    n = add(k, v, n, "db.collection.name", sql.collectionName());
    n = add(k, v, n, "db.stored_procedure.name", sql.storedProcedureName());
    this.keys = Arrays.copyOf(k, n);
    this.values = Arrays.copyOf(v, n);
  }

  /** A span ignores null values; so does the template. */
  private static int add(String[] keys, Object[] values, int count, String key, Object value) {
    if (value == null) {
      return count;
    }
    keys[count] = key;
    values[count] = value;
    return count + 1;
  }

  void addAttributes(ArgusSpan span) {
    span.setAttributes(keys, values);
  }
}
