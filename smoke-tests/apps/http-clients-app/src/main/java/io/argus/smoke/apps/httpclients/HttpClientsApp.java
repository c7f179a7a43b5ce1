package io.argus.smoke.apps.httpclients;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * A JDK HttpServer on 127.0.0.1 with no tracing code. Routes:
 *
 * <ul>
 *   <li>{@code GET /call?client=NAME&url=URL}: calls URL with the named client and answers 200 with
 *       {@code status=CODE}, or {@code failed=ExceptionClass} when the client threw;
 *   <li>{@code /status/CODE} (any method): answers CODE;
 *   <li>{@code /redirect?QUERY}: answers 302 to {@code /status/200?QUERY}.
 * </ul>
 *
 * Clients: urlconnection, urlconnection-post, jdk-httpclient, jdk-httpclient-async, apache-httpclient5,
 * apache-httpclient4, okhttp, okhttp-async. Each is created on first use, so the app runs with only the libraries of
 * the clients a test calls on its class path. Arguments: the port (0 for any free one).
 */
public final class HttpClientsApp {
  private static final Map<String, HttpCaller> CALLERS = new ConcurrentHashMap<>();

  private HttpClientsApp() {}

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/", HttpClientsApp::handle);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    System.out.println("HTTP CLIENTS APP READY http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getRawQuery();
      if (path.equals("/call")) {
        Map<String, String> parameters = parameters(query);
        respond(exchange, 200, call(parameters.get("client"), parameters.get("url")));
      } else if (path.startsWith("/status/")) {
        respond(exchange, Integer.parseInt(path.substring("/status/".length())), "status " + path + "\n");
      } else if (path.equals("/redirect")) {
        exchange.getResponseHeaders().set("Location", "/status/200" + (query == null ? "" : "?" + query));
        respond(exchange, 302, "");
      } else {
        respond(exchange, 404, "no such route\n");
      }
    }
  }

  private static String call(String client, String url) {
    try {
      return "status=" + caller(client).call(url) + "\n";
    } catch (Exception e) {
      Throwable failure = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return "failed=" + failure.getClass().getName() + "\n";
    }
  }

  private static HttpCaller caller(String client) {
    return CALLERS.computeIfAbsent(
        client,
        name ->
            switch (name) {
              case "urlconnection" -> new UrlConnectionCaller(false);
              case "urlconnection-post" -> new UrlConnectionCaller(true);
              case "jdk-httpclient" -> new JdkHttpClientCaller(false);
              case "jdk-httpclient-async" -> new JdkHttpClientCaller(true);
              case "apache-httpclient5" -> new ApacheHttpClient5Caller();
              case "apache-httpclient4" -> new ApacheHttpClient4Caller();
              case "okhttp" -> new OkHttpCaller(false);
              case "okhttp-async" -> new OkHttpCaller(true);
              default -> throw new IllegalArgumentException("unknown client " + name);
            });
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new HashMap<>();
    if (query != null) {
      for (String pair : query.split("&")) {
        int equals = pair.indexOf('=');
        if (equals > 0) {
          parameters.put(
              pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return parameters;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
