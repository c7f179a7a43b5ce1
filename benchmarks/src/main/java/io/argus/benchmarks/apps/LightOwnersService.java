package io.argus.benchmarks.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The light service of the load harness ({@code --app light}): the same {@code GET /owners/{id}} as the Spring Boot
 * service, on the JDK's HTTP server and plain JDBC (H2 in memory, a statement prepared per request). A request costs
 * the service a few tens of microseconds, so what an agent adds per request stands out, where in the Spring Boot
 * service it is a small part of a large and noisy whole. Argument: the port, bound on 127.0.0.1.
 *
 * <p>Requests are handled on the server's own thread, renamed {@code owners-http} at the first request: the harness
 * tells the application's threads from the agents' by name, and the JDK names every server's thread
 * {@code HTTP-Dispatcher}, Argus's endpoint's included.
 */
public final class LightOwnersService {
  private static final String URL = "jdbc:h2:mem:owners;DB_CLOSE_DELAY=-1";
  static final String THREAD_NAME = "owners-http";

  /** Used by the server's one thread only. */
  private static Connection connection;

  private LightOwnersService() {}

  public static void main(String[] args) throws IOException, SQLException {
    Connection schema = DriverManager.getConnection(URL); // kept open: the in-memory database lives with it
    try (Statement statement = schema.createStatement()) {
      statement.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(64), city VARCHAR(64))");
      statement.execute("INSERT INTO owners SELECT x, 'Owner ' || x, 'City ' || MOD(x, 40) FROM SYSTEM_RANGE(1, 1000)");
    }
    connection = DriverManager.getConnection(URL);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 256);
    server.createContext("/owners/", LightOwnersService::owner);
    server.start();
  }

  private static void owner(HttpExchange exchange) throws IOException {
    if (!THREAD_NAME.equals(Thread.currentThread().getName())) {
      Thread.currentThread().setName(THREAD_NAME);
    }
    int status = 200;
    String body;
    try {
      String path = exchange.getRequestURI().getPath();
      int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
      try (PreparedStatement query =
          connection.prepareStatement("SELECT id, name, city FROM owners WHERE id = ?")) {
        query.setInt(1, id);
        try (ResultSet row = query.executeQuery()) {
          if (row.next()) {
            body = "{\"id\":" + row.getInt(1) + ",\"name\":\"" + row.getString(2) + "\",\"city\":\""
                + row.getString(3) + "\"}";
          } else {
            status = 404;
            body = "{\"error\":\"no such owner\"}";
          }
        }
      }
    } catch (NumberFormatException | SQLException e) {
      status = e instanceof SQLException ? 500 : 400;
      body = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
