package io.argus.bootstrap.jdbc;

/**
 * What a SQL statement contributes to its span and metric: the text with every literal replaced by {@code ?}, and
 * the operation and collection (table) it acts on when they could be read from it. Immutable, shared through
 * {@link SanitizedSqlCache}.
 */
public final class SanitizedSql {
  /** For a statement whose SQL is unknown (prepared before the agent was attached, or null). */
  static final SanitizedSql UNKNOWN = new SanitizedSql(null, null, null, null);

  /** For a batch whose statements were added before the agent was attached. */
  static final SanitizedSql UNKNOWN_BATCH = new SanitizedSql(null, "BATCH", null, null);

  /** For the impossible case of the sanitizer failing: nothing of the input is kept. */
  static final SanitizedSql UNREADABLE = new SanitizedSql("?", null, null, null);

  private final String queryText;
  private final String operationName;
  private final String collectionName;
  private final String storedProcedureName;
  /** The span template on the last database this ran on: nearly every statement only ever runs on one. */
  private volatile JdbcSpanTemplate template;

  SanitizedSql(String queryText, String operationName, String collectionName, String storedProcedureName) {
    this.queryText = queryText;
    this.operationName = operationName;
    this.collectionName = collectionName;
    this.storedProcedureName = storedProcedureName;
  }

  /** {@code db.query.text}: literal-free, comments removed, whitespace collapsed; null when unknown. */
  public String queryText() {
    return queryText;
  }

  /** {@code db.operation.name} in upper case ({@code SELECT}, {@code INSERT}, {@code CALL}, ...), or null. */
  public String operationName() {
    return operationName;
  }

  /** {@code db.collection.name}: the first table the statement names, as written (with schema, quotes), or null. */
  public String collectionName() {
    return collectionName;
  }

  /** {@code db.stored_procedure.name} for {@code CALL}/{@code EXEC}, or null. */
  public String storedProcedureName() {
    return storedProcedureName;
  }

  /** This statement's span name and attributes on {@code connection}, built on the first call there. */
  JdbcSpanTemplate template(JdbcConnectionInfo connection) {
    JdbcSpanTemplate current = template;
    if (current == null || current.connection != connection) {
      current = new JdbcSpanTemplate(this, connection);
      template = current;
    }
    return current;
  }

  @Override
  public String toString() {
    return "SanitizedSql{" + operationName + " " + collectionName + ": " + queryText + "}";
  }
}
