package io.argus.agent.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.argus.agent.log.AgentLog;
import io.argus.agent.ui.TraceViewer;
import io.argus.bootstrap.AgentThread;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * The agent's one HTTP server (JDK {@code com.sun.net.httpserver}, loopback by default): {@code /metrics} for
 * Prometheus (text and OpenMetrics, via {@code prometheus-metrics-exporter-httpserver}'s handler), {@code /health},
 * {@code /ready}, {@code /status}, runtime control at {@code /control} ({@link ControlEndpoint}), and the trace viewer
 * at {@code /} with its {@code /api/*}. Served by one daemon
 * thread: scrapes and probes are rare and cheap, and the
 * server must never keep the JVM alive.
 */
public final class AgentEndpoint {
  private static final AgentLog LOG = AgentLog.get("endpoint");
  private static final Charset UTF_8 = Charset.forName("UTF-8");

  /** Supplies the {@code /status} document and readiness. */
  public interface StatusSource {
    boolean isReady();

    String statusJson();
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final boolean tls;

  private AgentEndpoint(HttpServer server, ExecutorService executor, boolean tls) {
    this.server = server;
    this.executor = executor;
    this.tls = tls;
  }

  /**
   * Binds and starts the server. Throws {@link IOException} (e.g. {@link java.net.BindException} when the port is
   * taken) for the caller to report; nothing else of the agent depends on it. Served over TLS when {@code tls} is not
   * null; behind {@code authenticator} when that is not null: every path, including those added later, but its open
   * ones and {@code /control}, which has its own token in the same Authorization header (see ControlAccess).
   */
  public static AgentEndpoint start(
      String host,
      int port,
      PrometheusRegistry registry,
      final StatusSource status,
      TraceViewer viewer,
      ControlEndpoint control,
      EndpointAuthenticator authenticator,
      SSLContext tls)
      throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    HttpServer bound;
    if (tls != null) {
      HttpsServer https = HttpsServer.create(address, 16);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      bound = https;
    } else {
      bound = HttpServer.create(address, 16);
    }
    bound.createContext(ControlRequest.PREFIX, control);
    HttpServer server = authenticator == null ? bound : new GuardedHttpServer(bound, authenticator);
    server.createContext("/metrics", new MetricsHandler(PrometheusProperties.get(), registry));
    server.createContext(
        "/health",
        new HttpHandler() {
          @Override
          public void handle(HttpExchange exchange) throws IOException {
            respond(exchange, 200, "application/json", "{\"status\":\"UP\"}");
          }
        });
    server.createContext(
        "/ready",
        new HttpHandler() {
          @Override
          public void handle(HttpExchange exchange) throws IOException {
            boolean ready = status.isReady();
            respond(
                exchange,
                ready ? 200 : 503,
                "application/json",
                ready ? "{\"status\":\"READY\"}" : "{\"status\":\"STARTING\"}");
          }
        });
    server.createContext(
        "/status",
        new HttpHandler() {
          @Override
          public void handle(HttpExchange exchange) throws IOException {
            respond(exchange, 200, "application/json", status.statusJson());
          }
        });
    if (viewer != null) {
      viewer.register(server);
    } else {
      server.createContext(
          "/",
          new HttpHandler() {
            @Override
            public void handle(HttpExchange exchange) throws IOException {
              if (!"/".equals(exchange.getRequestURI().getPath())) {
                respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                return;
              }
              respond(
                  exchange,
                  200,
                  "text/plain; charset=utf-8",
                  "Argus agent endpoint (trace viewer off: argus.ui.enabled=false)\n\n/metrics  Prometheus metrics\n"
                      + "/health   liveness\n/ready    readiness (instrumentation installed, exporters initialised)\n"
                      + "/status   agent status as JSON\n/control  runtime switches (needs argus.control.token)\n");
            }
          });
    }
    ExecutorService executor =
        new ThreadPoolExecutor(
            1,
            1,
            0L,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<Runnable>(64),
            new ThreadFactory() {
              @Override
              public Thread newThread(Runnable runnable) {
                return new AgentThread(runnable, "argus-endpoint");
              }
            },
            new ThreadPoolExecutor.DiscardPolicy());
    server.setExecutor(executor);
    server.start();
    return new AgentEndpoint(server, executor, tls != null);
  }

  static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    byte[] bytes = body.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    OutputStream body0 = exchange.getResponseBody();
    try {
      if (!head) {
        body0.write(bytes);
      }
    } finally {
      body0.close();
      exchange.close();
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** "https" when served over TLS, else "http". */
  public String scheme() {
    return tls ? "https" : "http";
  }

  /** The address the server is bound to (the any-address for 0.0.0.0 and ::). */
  public java.net.InetAddress boundAddress() {
    return server.getAddress().getAddress();
  }

  public String address() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort(); // IPv6 in URL form
  }

  public void stop() {
    try {
      server.stop(0);
    } catch (Throwable t) {
      LOG.debug("endpoint_stop_failed", "error", String.valueOf(t));
    }
    executor.shutdownNow();
  }
}
