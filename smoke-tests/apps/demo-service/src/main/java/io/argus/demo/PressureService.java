package io.argus.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * A service that puts the agent under the pressures its circuit breaker is for. Its HTTP server is traced by the
 * agent like any other; the pressure comes from routes:
 *
 * <ul>
 *   <li>{@code /hello}: an ordinary request;
 *   <li>{@code /burst?spans=N}: N spans made as fast as one thread can (through the bootstrap API, as an
 *       instrumentation would), far more than the export queue takes;
 *   <li>{@code /hog?mb=N}: keeps N more MiB reachable (in 256 KiB arrays); {@code /release} lets it all go.
 * </ul>
 *
 * Every answer is JSON with the heap in use, so the test can see what it did.
 */
public final class PressureService {
  private static final List<byte[]> HOG = new ArrayList<>();

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", PressureService::handle);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.start();
    System.out.println("PRESSURE READY http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String query = exchange.getRequestURI().getQuery();
    String result;
    switch (path) {
      case "/hello":
        result = "\"hello\"";
        break;
      case "/burst":
        int spans = number(query, "spans");
        for (int i = 0; i < spans; i++) {
          ArgusSpan span = ArgusTracer.startSpan("burst", SpanKind.INTERNAL);
          span.setAttribute("burst.index", i);
          span.end();
        }
        result = "\"burst " + spans + "\"";
        break;
      case "/hog":
        int mb = number(query, "mb");
        synchronized (HOG) {
          for (int i = 0; i < mb * 4; i++) {
            HOG.add(new byte[256 * 1024]);
          }
        }
        result = "\"hogging " + HOG.size() / 4 + " MiB\"";
        break;
      case "/release":
        synchronized (HOG) {
          HOG.clear();
        }
        System.gc(); // so that the freed memory shows in the next after-GC figure now, not at the next collection
        result = "\"released\"";
        break;
      default:
        respond(exchange, 404, "{\"error\":\"not found\"}");
        return;
    }
    Runtime runtime = Runtime.getRuntime();
    respond(exchange, 200, "{\"result\":" + result + ",\"heap_used\":" + (runtime.totalMemory() - runtime.freeMemory())
        + ",\"heap_max\":" + runtime.maxMemory() + "}");
  }

  private static int number(String query, String name) {
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith(name + "=")) {
          return Integer.parseInt(pair.substring(name.length() + 1));
        }
      }
    }
    return 1;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
