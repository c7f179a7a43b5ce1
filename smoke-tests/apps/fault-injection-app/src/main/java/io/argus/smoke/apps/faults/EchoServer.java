package io.argus.smoke.apps.faults;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HttpServer on 127.0.0.1: {@code /echo} answers 200 with the method, path, query and request body and a header
 * of its own; {@code /missing} 404; {@code /fail} answers 500 and then throws, as frameworks do; {@code /crash} throws
 * before answering (the server closes the connection).
 */
final class EchoServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);

  private EchoServer(HttpServer server) {
    this.server = server;
  }

  static EchoServer start() throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    EchoServer echo = new EchoServer(http);
    http.createContext("/", echo::handle);
    http.setExecutor(echo.executor);
    http.start();
    return echo;
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] requestBody = exchange.getRequestBody().readAllBytes();
    switch (path) {
      case "/echo" -> {
        exchange.getResponseHeaders().set("X-Handled-By", "echo");
        respond(exchange, 200, "echo " + exchange.getRequestMethod() + " " + path + " "
            + exchange.getRequestURI().getRawQuery() + " " + new String(requestBody, StandardCharsets.UTF_8));
      }
      case "/missing" -> respond(exchange, 404, "no such thing");
      case "/fail" -> {
        respond(exchange, 500, "failed");
        throw new IllegalStateException("the handler fails after answering");
      }
      case "/crash" -> throw new IllegalStateException("the handler fails before answering");
      default -> respond(exchange, 400, "unknown path");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
