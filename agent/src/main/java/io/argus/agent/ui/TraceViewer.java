package io.argus.agent.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.argus.agent.export.SpanJson;
import io.argus.agent.json.JsonWriter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in trace viewer on the agent's endpoint: a static page ({@code /}, {@code /ui/*}) and the JSON API behind
 * it, which scripts can use too: {@code /api/traces} (filters {@code q}, {@code error}, {@code min_ms}, {@code sort},
 * {@code limit}), {@code /api/traces/{traceId}}, {@code /api/routes}. The page renders every value with
 * {@code textContent}, never as HTML, so span data cannot inject markup or script.
 */
public final class TraceViewer {
  private static final Charset UTF_8 = Charset.forName("UTF-8");
  private static final String RESOURCES = "/io/argus/agent/ui/";

  private final RecentTraces traces;
  private final PrometheusRegistry registry;
  private final long startMillis = System.currentTimeMillis();

  public TraceViewer(RecentTraces traces, PrometheusRegistry registry) {
    this.traces = traces;
    this.registry = registry;
  }

  public void register(HttpServer server) {
    server.createContext(
        "/",
        new HttpHandler() {
          @Override
          public void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/") || path.equals("/index.html")) {
              serveResource(exchange, "index.html", "text/html; charset=utf-8");
            } else if (path.equals("/ui/app.js")) {
              serveResource(exchange, "app.js", "text/javascript; charset=utf-8");
            } else if (path.equals("/ui/style.css")) {
              serveResource(exchange, "style.css", "text/css; charset=utf-8");
            } else {
              respond(exchange, 404, "text/plain; charset=utf-8", "not found\n");
            }
          }
        });
    server.createContext(
        "/api/traces",
        new HttpHandler() {
          @Override
          public void handle(HttpExchange exchange) throws IOException {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/api/traces") || path.equals("/api/traces/")) {
              respond(exchange, 200, "application/json", traceList(query(exchange)));
              return;
            }
            String traceId = path.substring("/api/traces/".length());
            String body = traceDetail(traceId);
            if (body == null) {
              respond(exchange, 404, "application/json", "{\"error\":\"trace not found (evicted or unknown)\"}");
            } else {
              respond(exchange, 200, "application/json", body);
            }
          }
        });
    server.createContext(
        "/api/routes",
        new HttpHandler() {
          @Override
          public void handle(HttpExchange exchange) throws IOException {
            respond(exchange, 200, "application/json", routes());
          }
        });
  }

  String traceList(Map<String, String> query) {
    boolean errorsOnly = "true".equals(query.get("error"));
    long minNanos = (long) (parseDouble(query.get("min_ms"), 0) * 1_000_000L);
    boolean byDuration = "duration".equals(query.get("sort"));
    int limit = (int) Math.max(1, Math.min(1000, parseDouble(query.get("limit"), 100)));
    List<TraceSummary> found = traces.search(new TraceFilter(query.get("q"), errorsOnly, minNanos, byDuration), limit);
    JsonWriter json = new JsonWriter().beginObject();
    json.field("stored", traces.size());
    json.field("evicted", traces.evicted());
    json.name("traces").beginArray();
    for (TraceSummary trace : found) {
      json.beginObject();
      json.field("trace_id", trace.traceId);
      json.field("root_name", trace.rootName);
      json.field("root_kind", trace.rootKind);
      json.field("service", trace.service);
      json.field("start_time_unix_nano", trace.startEpochNanos);
      json.name("duration_ms").value(trace.durationNanos / 1e6);
      json.field("span_count", trace.spanCount);
      json.field("error", trace.error);
      json.endObject();
    }
    return json.endArray().endObject().toString();
  }

  String traceDetail(String traceId) {
    List<SpanData> spans = traces.trace(traceId);
    if (spans == null) {
      return null;
    }
    JsonWriter json = new JsonWriter().beginObject();
    json.field("trace_id", traceId);
    json.name("spans").beginArray();
    for (SpanData span : spans) {
      SpanJson.write(json, span);
    }
    return json.endArray().endObject().toString();
  }

  String routes() {
    double uptime = (System.currentTimeMillis() - startMillis) / 1000.0;
    JsonWriter json = new JsonWriter().beginObject();
    json.name("uptime_seconds").value(uptime);
    json.name("routes").beginArray();
    for (RouteStatistics.Row row : RouteStatistics.compute(registry, uptime)) {
      json.beginObject();
      json.field("metric", row.metric);
      json.field("name", row.name);
      json.field("count", row.count);
      json.field("errors", row.errors);
      json.name("rate_per_second").value(row.ratePerSecond);
      json.name("error_percent").value(row.count == 0 ? 0 : 100.0 * row.errors / row.count);
      json.name("p50_ms").value(row.quantile(0.5) * 1000);
      json.name("p95_ms").value(row.quantile(0.95) * 1000);
      json.name("p99_ms").value(row.quantile(0.99) * 1000);
      json.endObject();
    }
    return json.endArray().endObject().toString();
  }

  private static double parseDouble(String text, double fallback) {
    if (text == null) {
      return fallback;
    }
    try {
      double value = Double.parseDouble(text);
      return Double.isNaN(value) ? fallback : value;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Map<String, String> query(HttpExchange exchange) throws UnsupportedEncodingException {
    Map<String, String> result = new HashMap<String, String>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return result;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      try {
        if (equals > 0) {
          result.put(
              URLDecoder.decode(pair.substring(0, equals), "UTF-8"),
              URLDecoder.decode(pair.substring(equals + 1), "UTF-8"));
        }
      } catch (IllegalArgumentException malformed) {
        // a malformed escape in one parameter: ignore that parameter
      }
    }
    return result;
  }

  private void serveResource(HttpExchange exchange, String name, String contentType) throws IOException {
    InputStream in = TraceViewer.class.getResourceAsStream(RESOURCES + name);
    if (in == null) {
      respond(exchange, 404, "text/plain; charset=utf-8", "missing resource " + name + "\n");
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) != -1) {
        bytes.write(buffer, 0, n);
      }
    } finally {
      in.close();
    }
    respond(exchange, 200, contentType, bytes.toByteArray());
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
    respond(exchange, status, contentType, body.getBytes(UTF_8));
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    // The page loads nothing from elsewhere and runs only its own script file.
    exchange.getResponseHeaders()
        .set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'");
    exchange.sendResponseHeaders(status, body.length);
    OutputStream out = exchange.getResponseBody();
    try {
      out.write(body);
    } finally {
      out.close();
      exchange.close();
    }
  }
}
