package io.argus.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;

/**
 * A small "owners" service: JDK HttpServer + H2, with an optional traffic generator that calls it every second.
 *
 * <p>It has no tracing code at all: the agent's instrumentations of the JDK HttpServer, JDBC, HikariCP and
 * HttpURLConnection trace and measure it. Routes: {@code GET /hello}, {@code GET /owners},
 * {@code GET /owners/{id}}, {@code GET /fail} (answered 500, then an exception escapes the handler).
 */
public final class DemoService {
  private static final String DB_URL = "jdbc:h2:mem:demo;DB_CLOSE_DELAY=-1";
  private static final HikariDataSource POOL = pool();

  private static HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(DB_URL);
    config.setUsername("sa");
    config.setPassword("");
    config.setPoolName("demo");
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int trafficRequests = args.length > 1 ? Integer.parseInt(args[1]) : 0;
    createDatabase();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", DemoService::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    int actualPort = server.getAddress().getPort();
    System.out.println("DEMO READY http://127.0.0.1:" + actualPort);
    if (trafficRequests != 0) {
      Thread traffic = new Thread(() -> generateTraffic(actualPort, trafficRequests), "demo-traffic");
      traffic.setDaemon(true);
      traffic.start();
    }
  }

  /**
   * The handler: no tracing code. The JDK HttpServer instrumentation makes the SERVER span of every request, with the
   * caller's trace context, route template, status and exceptions.
   */
  private static void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    try {
      Response response = route(method, path);
      respond(exchange, response.status, response.body);
    } catch (SQLException e) {
      respond(exchange, 500, "{\"error\":\"database\"}\n");
    } catch (IllegalStateException e) {
      // Answer 500, then let the exception escape the handler, as frameworks do: the span records it.
      respond(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}\n");
      throw e;
    }
  }

  /** Public, so a capability rule can name it: {@code ARGUS_CAPABILITIES=io.argus.demo.DemoService[route]}. */
  public static Response route(String method, String path) throws SQLException {
    if (!"GET".equals(method)) {
      return new Response(405, "{\"error\":\"method not allowed\"}\n");
    }
    if (path.equals("/hello")) {
      return new Response(200, "{\"message\":\"hello\"}\n");
    }
    if (path.equals("/owners")) {
      return new Response(200, query("SELECT id, name, city FROM owners ORDER BY id", null));
    }
    if (path.matches("/owners/\\d+")) {
      String body = query("SELECT id, name, city FROM owners WHERE id = ?", Long.parseLong(path.substring(8)));
      return body.equals("[]\n") ? new Response(404, "{\"error\":\"no such owner\"}\n") : new Response(200, body);
    }
    if (path.equals("/fail")) {
      throw new IllegalStateException("the demo fails on purpose");
    }
    return new Response(404, "{\"error\":\"not found\"}\n");
  }

  /** What the JDBC instrumentation will do for every query: a CLIENT span named by operation and table. */
  /** Plain JDBC through a HikariCP pool: the agent's JDBC and HikariCP instrumentations trace and measure it. */
  private static String query(String sql, Long id) throws SQLException {
    try (Connection connection = POOL.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      if (id != null) {
        statement.setLong(1, id);
      }
      StringBuilder json = new StringBuilder("[");
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          if (json.length() > 1) {
            json.append(',');
          }
          json.append("{\"id\":").append(rows.getLong(1)).append(",\"name\":\"").append(rows.getString(2))
              .append("\",\"city\":\"").append(rows.getString(3)).append("\"}");
        }
      }
      return json.append("]\n").toString();
    }
  }

  /**
   * Calls the service itself with a plain HttpURLConnection: the agent's HttpURLConnection instrumentation makes the
   * CLIENT span and sends its trace context, so each call's SERVER span is that CLIENT span's child.
   */
  private static void generateTraffic(int port, int requests) {
    String[] paths = {"/hello", "/owners", "/owners/1", "/owners/42", "/fail"};
    for (int i = 0; requests < 0 || i < requests; i++) {
      String path = paths[i % paths.length];
      try {
        HttpURLConnection connection =
            (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        connection.getResponseCode();
        connection.getErrorStream();
        connection.disconnect();
      } catch (IOException e) {
        // The CLIENT span records the failure; the generator just carries on.
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static void createDatabase() throws SQLException {
    try (Connection connection = POOL.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE owners (id BIGINT PRIMARY KEY, name VARCHAR(64), city VARCHAR(64))");
      statement.execute(
          "INSERT INTO owners VALUES (1, 'George Franklin', 'Madison'), (2, 'Betty Davis', 'Sun Prairie'),"
              + " (3, 'Eduardo Rodriquez', 'McFarland')");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** An answer: status and JSON body. */
  public record Response(int status, String body) {}
}
