package io.argus.smoke.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The target of the cardinality attack test, with no tracing code: a JDK HttpServer that answers any method on any
 * path, and at {@code /workers?from=N&count=M} runs M {@link AttackWorker}s named {@code worker-N}... — a capability
 * rule with {@code agent=field:name} turns each name into a label value.
 */
public final class CardinalityAttackApp {
  private CardinalityAttackApp() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 64);
    server.createContext("/", CardinalityAttackApp::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    System.out.println("ATTACK TARGET READY");
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    int runs = 0;
    if (path.equals("/workers") && query != null) {
      String[] parts = query.split("[=&]");
      int from = Integer.parseInt(parts[1]);
      int count = Integer.parseInt(parts[3]);
      for (int i = from; i < from + count; i++) {
        runs += new AttackWorker("worker-" + i).work();
      }
    }
    byte[] body = ("ok " + runs + "\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
