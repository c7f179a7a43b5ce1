package io.argus.smoke.apps.context;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /fanout}: the handler hands three tasks to a pool; each queries H2 over JDBC and calls {@code GET /leaf}
 * on this same server, once with HttpURLConnection and once with the JDK HttpClient; a CompletableFuture stage makes
 * one more JDBC call. No tracing code: the agent's instrumentations make every span, and its context propagation has
 * to link them into one trace.
 */
final class FanOutService {
  private static final String DB_URL = "jdbc:h2:mem:fanout;DB_CLOSE_DELAY=-1";
  static final int TASKS = 3;

  private FanOutService() {}

  static void start(int port) throws Exception {
    try (Connection connection = DriverManager.getConnection(DB_URL); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE owners (id INT PRIMARY KEY, name VARCHAR(64))");
      statement.execute("INSERT INTO owners VALUES (1, 'Ada'), (2, 'Grace'), (3, 'Barbara')");
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    HttpClient client = HttpClient.newHttpClient();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/leaf", exchange -> respond(exchange, 200, "leaf"));
    server.createContext("/fanout", exchange -> {
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int i = 1; i <= TASKS; i++) {
          int id = i;
          results.add(pool.submit(() -> ownerName(id) + ":" + callLeaf(port) + ":" + callLeafWithHttpClient(client, port)));
        }
        CompletableFuture<String> viaStage = CompletableFuture.supplyAsync(() -> 1).thenApplyAsync(FanOutService::ownerNameUnchecked);
        StringBuilder body = new StringBuilder();
        for (Future<String> result : results) {
          body.append(result.get(30, TimeUnit.SECONDS)).append('\n');
        }
        body.append(viaStage.get(30, TimeUnit.SECONDS)).append('\n');
        respond(exchange, 200, body.toString());
      } catch (Exception e) {
        respond(exchange, 500, e.toString());
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("FANOUT READY http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static String ownerNameUnchecked(int id) {
    try {
      return ownerName(id);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ownerName(int id) throws SQLException {
    try (Connection connection = DriverManager.getConnection(DB_URL);
        PreparedStatement query = connection.prepareStatement("SELECT name FROM owners WHERE id = ?")) {
      query.setInt(1, id);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getString(1) : "?";
      }
    }
  }

  private static String callLeaf(int port) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/leaf").toURL().openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(10_000);
    try (InputStream in = connection.getInputStream()) {
      return connection.getResponseCode() + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  private static String callLeafWithHttpClient(HttpClient client, int port) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/leaf"))
        .timeout(java.time.Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + response.body();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
