package io.argus.smoke.apps.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * JDBC on an in-memory H2 database: plain, prepared and batched statements, a rollback and a commit, failing
 * statements; then the table's content, which shows every side effect.
 */
final class JdbcCalls {
  private JdbcCalls() {}

  static List<String> run() throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:faults;DB_CLOSE_DELAY=-1", "sa", "")) {
      try (Statement statement = connection.createStatement()) {
        lines.add("jdbc create " + statement.execute("CREATE TABLE prices (sku VARCHAR(16) PRIMARY KEY, cents INT)"));
        lines.add("jdbc insert " + statement.executeUpdate("INSERT INTO prices VALUES ('apple', 120)"));
        statement.addBatch("INSERT INTO prices VALUES ('pear', 90)");
        statement.addBatch("UPDATE prices SET cents = cents + 1 WHERE sku = 'apple'");
        lines.add("jdbc statement batch " + Arrays.toString(statement.executeBatch()));
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prices VALUES (?, ?)")) {
        insert.setString(1, "plum");
        insert.setInt(2, 45);
        lines.add("jdbc prepared insert " + insert.executeUpdate());
        for (String sku : new String[] {"fig", "kiwi", "lime"}) {
          insert.setString(1, sku);
          insert.setInt(2, sku.length() * 10);
          insert.addBatch();
        }
        lines.add("jdbc prepared batch " + Arrays.toString(insert.executeBatch()));
        insert.setString(1, "apple");
        insert.setInt(2, 1);
        lines.add("jdbc duplicate key " + failure(insert::executeUpdate));
      }
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("INSERT INTO prices VALUES ('rolled-back', 1)");
        connection.rollback();
        statement.executeUpdate("INSERT INTO prices VALUES ('committed', 2)");
        connection.commit();
        lines.add("jdbc bad sql " + failure(() -> statement.executeQuery("SELEC nothing")));
        lines.add("jdbc missing table " + failure(() -> statement.executeQuery("SELECT * FROM no_such_table")));
        connection.rollback();
      }
      connection.setAutoCommit(true);
      try (PreparedStatement query =
              connection.prepareStatement("SELECT sku, cents FROM prices WHERE cents > ? ORDER BY sku");
          Statement count = connection.createStatement()) {
        query.setInt(1, 0);
        StringBuilder rows = new StringBuilder();
        try (ResultSet result = query.executeQuery()) {
          while (result.next()) {
            rows.append(result.getString(1)).append('=').append(result.getInt(2)).append(' ');
          }
        }
        lines.add("jdbc rows " + rows.toString().trim());
        try (ResultSet result = count.executeQuery("SELECT COUNT(*) FROM prices")) {
          result.next();
          lines.add("jdbc count " + result.getInt(1));
        }
      }
    }
    return lines;
  }

  interface SqlCall {
    Object call() throws SQLException;
  }

  /** What a failing statement shows the application: the exception type, SQLState and vendor code. */
  private static String failure(SqlCall call) {
    try {
      return "returned " + call.call();
    } catch (SQLException e) {
      return "threw " + e.getClass().getName() + " sqlstate=" + e.getSQLState() + " code=" + e.getErrorCode();
    }
  }
}
