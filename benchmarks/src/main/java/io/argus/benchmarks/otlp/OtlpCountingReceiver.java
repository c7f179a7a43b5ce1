package io.argus.benchmarks.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * The OTLP/HTTP receiver the agents export to during the benchmarks, run as its own JVM so that its work never counts
 * against the measured process. It accepts {@code POST /v1/traces}, {@code /v1/metrics} and {@code /v1/logs}
 * (protobuf, optionally gzip), counts the spans of each trace request by walking the protobuf envelope
 * (ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span; the spans themselves are skipped, which keeps the
 * receiver cheap on a 2-core machine), and answers 200 with an empty response. {@code GET /stats} gives the counts as
 * one line of {@code key=value}.
 *
 * <p>With a scrape URL it also plays Prometheus: a GET of that URL at a fixed interval, so that an agent with a pull
 * endpoint does the same periodic metrics work as one that pushes. A failed scrape (connection refused while no
 * application runs) is only counted.
 *
 * <p>Usage: {@code OtlpCountingReceiver <port, 0 for a free one> [<scrape URL> <interval seconds>]}. Prints
 * {@code listening on http://127.0.0.1:<port>} once ready.
 */
public final class OtlpCountingReceiver {
  private static final int[] SPAN_PATH = {
    ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER,
    ResourceSpans.SCOPE_SPANS_FIELD_NUMBER,
    ScopeSpans.SPANS_FIELD_NUMBER
  };

  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong traceRequests = new AtomicLong();
  private final AtomicLong metricRequests = new AtomicLong();
  private final AtomicLong logRequests = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong scrapeFailures = new AtomicLong();

  public static void main(String[] args) throws IOException {
    if (args.length != 1 && args.length != 3) {
      System.err.println("usage: OtlpCountingReceiver <port> [<scrape URL> <interval seconds>]");
      System.exit(2);
    }
    OtlpCountingReceiver receiver = new OtlpCountingReceiver();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 128);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/v1/traces", exchange -> receiver.accept(exchange, receiver.traceRequests, true));
    server.createContext("/v1/metrics", exchange -> receiver.accept(exchange, receiver.metricRequests, false));
    server.createContext("/v1/logs", exchange -> receiver.accept(exchange, receiver.logRequests, false));
    server.createContext("/stats", receiver::stats);
    server.start();
    if (args.length == 3) {
      receiver.startScraping(args[1], Integer.parseInt(args[2]));
    }
    System.out.println("listening on http://127.0.0.1:" + server.getAddress().getPort());
    System.out.flush();
  }

  private void accept(HttpExchange exchange, AtomicLong requests, boolean traces) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (!"POST".equals(exchange.getRequestMethod())) {
        reject(exchange, 405);
        return;
      }
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      if (traces) {
        try {
          spans.addAndGet(countSpans(body));
        } catch (IOException e) {
          reject(exchange, 400);
          return;
        }
      }
      requests.incrementAndGet();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, -1);
    }
  }

  private void reject(HttpExchange exchange, int status) throws IOException {
    rejected.incrementAndGet();
    exchange.sendResponseHeaders(status, -1);
  }

  private void stats(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] text = String.format(
              "spans=%d trace_requests=%d metric_requests=%d log_requests=%d rejected=%d scrapes=%d scrape_failures=%d%n",
              spans.get(), traceRequests.get(), metricRequests.get(), logRequests.get(), rejected.get(),
              scrapes.get(), scrapeFailures.get())
          .getBytes(StandardCharsets.US_ASCII);
      exchange.sendResponseHeaders(200, text.length);
      exchange.getResponseBody().write(text);
    }
  }

  /** Spans in an encoded ExportTraceServiceRequest; fails on a malformed envelope. */
  static long countSpans(byte[] request) throws IOException {
    return countAlong(CodedInputStream.newInstance(request), 0);
  }

  private static long countAlong(CodedInputStream in, int depth) throws IOException {
    long count = 0;
    while (!in.isAtEnd()) {
      int tag = in.readTag();
      boolean onPath = WireFormat.getTagFieldNumber(tag) == SPAN_PATH[depth]
          && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
      if (!onPath) {
        in.skipField(tag);
      } else if (depth == SPAN_PATH.length - 1) {
        in.skipField(tag);
        count++;
      } else {
        int limit = in.pushLimit(in.readRawVarint32());
        count += countAlong(in, depth + 1);
        in.popLimit(limit);
      }
    }
    return count;
  }

  private void startScraping(String url, int intervalSeconds) {
    Thread scraper = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(intervalSeconds * 1000L);
          HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
          connection.setConnectTimeout(2000);
          connection.setReadTimeout(5000);
          try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
            scrapes.incrementAndGet();
          }
        } catch (InterruptedException e) {
          return;
        } catch (IOException e) {
          scrapeFailures.incrementAndGet();
        }
      }
    }, "prometheus-scraper");
    scraper.setDaemon(true);
    scraper.start();
  }
}
