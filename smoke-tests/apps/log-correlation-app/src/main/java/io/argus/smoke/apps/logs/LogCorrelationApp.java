package io.argus.smoke.apps.logs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.ThreadContext;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs the same message through Logback, Logback behind an AsyncAppender, Log4j 2 and java.util.logging: outside any
 * request (at start-up and from a periodic heartbeat), and inside requests to {@code GET /log?n=N} both on the request
 * thread and from a pool task. {@code GET /log-with-request-id?n=N} also adds a request id to the context through the
 * agent's API. The app's own MDC entry {@code user} must survive next to the trace fields.
 */
public final class LogCorrelationApp {
  private static final org.slf4j.Logger LOGBACK = LoggerFactory.getLogger("app");
  private static final org.slf4j.Logger LOGBACK_ASYNC = LoggerFactory.getLogger("async");
  private static final org.apache.logging.log4j.Logger LOG4J = LogManager.getLogger("app");
  private static final java.util.logging.Logger JUL = java.util.logging.Logger.getLogger("app");

  private LogCorrelationApp() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    logEverywhere("outside at start-up");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.createContext("/log", exchange -> {
      String n = query(exchange);
      try {
        MDC.put("user", "u" + n);
        ThreadContext.put("user", "u" + n);
        logEverywhere("inside request " + n);
        pool.submit(() -> logEverywhere("inside pool task " + n)).get(30, TimeUnit.SECONDS);
        respond(exchange, 200, "logged " + n);
      } catch (Exception e) {
        respond(exchange, 500, e.toString());
      } finally {
        MDC.remove("user");
        ThreadContext.remove("user");
      }
    });
    server.createContext("/log-with-request-id", exchange -> {
      String n = query(exchange);
      try (Scope ignored = ArgusContext.current().withRequestId("req-app-" + n).makeCurrent()) {
        logEverywhere("with request id " + n);
      }
      respond(exchange, 200, "logged " + n);
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    // Scheduled from the root, and periodic: never in any request's context.
    heartbeat.scheduleAtFixedRate(() -> logEverywhere("outside heartbeat"), 0, 200, TimeUnit.MILLISECONDS);
    System.out.println("LOGS READY http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static void logEverywhere(String message) {
    LOGBACK.info(message);
    LOGBACK_ASYNC.info(message);
    LOG4J.info(message);
    JUL.info(message);
  }

  private static String query(HttpExchange exchange) {
    String query = exchange.getRequestURI().getQuery();
    return query == null ? "0" : query.substring(query.indexOf('=') + 1);
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
