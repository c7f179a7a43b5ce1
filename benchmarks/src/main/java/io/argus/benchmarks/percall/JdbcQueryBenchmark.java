package io.argus.benchmarks.percall;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One query as a repository would make it: prepare, bind, execute, read one row, close — on H2 in memory, over one
 * open connection. With an agent: a CLIENT span with the sanitised statement, and the database duration metric where
 * the agent records one.
 */
@State(Scope.Benchmark)
public class JdbcQueryBenchmark {
  private static final int OWNERS = 100;

  private Connection connection;
  private int nextId;

  @Setup(Level.Trial)
  public void open() throws SQLException {
    connection = DriverManager.getConnection("jdbc:h2:mem:percall;DB_CLOSE_DELAY=-1");
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(64))");
      statement.execute("INSERT INTO owners SELECT x, 'Owner ' || x FROM SYSTEM_RANGE(1, " + OWNERS + ")");
    }
  }

  @TearDown(Level.Trial)
  public void close() throws SQLException {
    connection.close();
  }

  @Benchmark
  public String selectOwnerById() throws SQLException {
    nextId = nextId % OWNERS + 1;
    try (PreparedStatement select = connection.prepareStatement("SELECT name FROM owners WHERE id = ?")) {
      select.setInt(1, nextId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
