package io.argus.smoke.apps.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.math.BigDecimal;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * An application with no tracing code that uses JDBC the common ways, through the driver directly ({@code plain}) or
 * through a HikariCP pool ({@code hikari}):
 *
 * <ol>
 *   <li>DDL, and a statement with inlined literals (a string with an escaped quote, a decimal, a boolean);
 *   <li>a query with literals and an IN list;
 *   <li>a prepared statement executed three times;
 *   <li>a prepared batch of three rows and a plain batch of two updates;
 *   <li>a statement that fails (no such table);
 *   <li>a transaction rolled back (and checked), a transaction committed;
 *   <li>on PostgreSQL, a stored procedure created with a dollar-quoted body and called.
 * </ol>
 *
 * Then it prints {@code JDBC APP DONE}, in pool mode keeps one connection borrowed (so the pool has one in use), and
 * waits for the test to read {@code /metrics} and end it.
 *
 * <p>Arguments: {@code plain|hikari <jdbc-url> <user> <password>}.
 */
public final class JdbcApp {
  static final String POOL_NAME = "shop-pool";

  private final String url;
  private final String user;
  private final String password;
  private final HikariDataSource pool;
  private int borrowed;

  private JdbcApp(String mode, String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
    if ("hikari".equals(mode)) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setUsername(user);
      config.setPassword(password);
      config.setPoolName(POOL_NAME);
      config.setMaximumPoolSize(4);
      config.setMinimumIdle(2);
      this.pool = new HikariDataSource(config);
    } else {
      this.pool = null;
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      System.err.println("usage: JdbcApp plain|hikari <jdbc-url> <user> <password>");
      System.exit(2);
    }
    JdbcApp app = new JdbcApp(args[0], args[1], args[2], args[3]);
    app.run();
    System.out.println("CONNECTIONS BORROWED " + app.borrowed);
    Connection held = app.pool == null ? null : app.connection();
    System.out.println("JDBC APP DONE");
    waitForTheTest();
    if (held != null) {
      held.close();
      app.pool.close();
    }
  }

  private Connection connection() throws SQLException {
    borrowed++;
    return pool != null ? pool.getConnection() : DriverManager.getConnection(url, user, password);
  }

  private void run() throws SQLException {
    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(64), total DECIMAL(10,2),"
          + " paid BOOLEAN)");
      statement.executeUpdate("INSERT INTO orders (id, customer, total, paid) VALUES (1, 'Alice O''Hara', 12.50, TRUE)");
      try (ResultSet rows = statement.executeQuery(
          "SELECT id, customer FROM orders WHERE customer = 'Alice O''Hara' AND id IN (1, 2, 3)")) {
        expect(rows.next() && rows.getInt(1) == 1, "the inserted row");
      }
    }

    try (Connection connection = connection();
        PreparedStatement query = connection.prepareStatement("SELECT customer FROM orders WHERE id = ?")) {
      for (int id = 1; id <= 3; id++) {
        query.setInt(1, id);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            rows.getString(1);
          }
        }
      }
    }

    try (Connection connection = connection();
        PreparedStatement insert =
            connection.prepareStatement("INSERT INTO orders (id, customer, total, paid) VALUES (?, ?, ?, ?)")) {
      for (int id = 10; id <= 12; id++) {
        insert.setInt(1, id);
        insert.setString(2, "Batch Customer " + id);
        insert.setBigDecimal(3, new BigDecimal("99.95"));
        insert.setBoolean(4, false);
        insert.addBatch();
      }
      int[] counts = insert.executeBatch();
      expect(counts.length == 3, "three batched inserts");
    }

    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      statement.addBatch("UPDATE orders SET paid = TRUE WHERE id = 10");
      statement.addBatch("UPDATE orders SET paid = FALSE WHERE id = 11");
      expect(statement.executeBatch().length == 2, "two batched updates");
    }

    try (Connection connection = connection(); Statement statement = connection.createStatement()) {
      statement.executeQuery("SELECT * FROM no_such_table");
      throw new IllegalStateException("the query on a missing table succeeded");
    } catch (SQLException expected) {
      System.out.println("EXPECTED FAILURE " + expected.getSQLState() + " " + expected.getErrorCode());
    }

    try (Connection connection = connection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO orders (id, customer, total, paid) VALUES (?, ?, ?, ?)")) {
        insert.setInt(1, 99);
        insert.setString(2, "Rolled Back");
        insert.setBigDecimal(3, BigDecimal.ONE);
        insert.setBoolean(4, true);
        insert.executeUpdate();
      }
      connection.rollback();
      try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM orders WHERE id = ?")) {
        count.setInt(1, 99);
        try (ResultSet rows = count.executeQuery()) {
          expect(rows.next() && rows.getInt(1) == 0, "no row 99 after the rollback");
        }
      }
      connection.setAutoCommit(true);
    }

    try (Connection connection = connection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement update = connection.prepareStatement("UPDATE orders SET total = total + ? WHERE id = ?")) {
        update.setBigDecimal(1, BigDecimal.TEN);
        update.setInt(2, 1);
        expect(update.executeUpdate() == 1, "one updated row");
      }
      connection.commit();
      connection.setAutoCommit(true);
    }

    if (url.startsWith("jdbc:postgresql:")) {
      try (Connection connection = connection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE PROCEDURE mark_paid(order_id INT) LANGUAGE SQL AS $body$"
              + " UPDATE orders SET paid = TRUE, customer = 'secret ' || customer WHERE id = order_id $body$");
        }
        try (CallableStatement call = connection.prepareCall("CALL mark_paid(?)")) {
          call.setInt(1, 12);
          call.execute();
        }
      }
    }
  }

  private static void expect(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("expected " + what);
    }
  }

  /** The test reads /metrics meanwhile and ends the process; the bound keeps a forgotten one from lingering. */
  private static void waitForTheTest() throws InterruptedException {
    Thread.sleep(TimeUnit.SECONDS.toMillis(120));
  }
}
