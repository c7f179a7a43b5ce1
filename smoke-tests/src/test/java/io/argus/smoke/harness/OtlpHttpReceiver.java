package io.argus.smoke.harness;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1 (JDK {@link HttpServer}): {@code POST /v1/traces} with
 * {@code Content-Type: application/x-protobuf}, optionally {@code Content-Encoding: gzip}, decoded with
 * {@link ExportTraceServiceRequest#parseFrom}, answered with an (empty) {@link ExportTraceServiceResponse}.
 *
 * <p>Fault modes, switchable at run time: {@link #respondWithStatus(int)} (every request, optionally with a
 * {@code Retry-After}), {@link #failNext(int, int)} (the next n requests), {@link #delayResponses(Duration)},
 * {@link #stop()} / {@link #start()} on the same port, and, below HTTP, {@link #stall()} (connections accepted, never
 * answered) and {@link #answerGarbage()} (non-HTTP bytes). A faulted request is counted in {@link #requestCount()}
 * but its spans are not kept; a delayed one is kept on arrival, before the delay (a slow collector that did get the
 * data). {@link #requestLog()} keeps when each HTTP request arrived, a hash of its body and the status it got, so a
 * retry of the same batch can be recognised.
 *
 * <pre>{@code
 * try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
 *   ... exporter endpoint receiver.tracesUrl() ...
 *   receiver.awaitSpans(s -> s.name().equals("GET /hello"), 1, Duration.ofSeconds(20));
 * }
 * }</pre>
 */
public final class OtlpHttpReceiver implements OtlpTraceReceiver {

  public static final String TRACES_PATH = "/v1/traces";
  private static final Duration BIND_RETRY = Duration.ofSeconds(5);

  private final TraceStore store = new TraceStore();
  private final AtomicInteger failNextCount = new AtomicInteger();
  private volatile int failNextStatus;
  private volatile int failStatus;
  private volatile Duration delay = Duration.ZERO;
  private volatile Duration retryAfter;
  private volatile Duration failNextRetryAfter;
  private final List<LoggedRequest> requestLog = new ArrayList<>();

  private int port;
  private HttpServer server;
  private ExecutorService executor;
  private RawTcpListener raw;

  /** One HTTP request as it arrived: when (System.nanoTime), a hash of its body, the status it was answered. */
  /** One request as it arrived; {@code headers} as the JDK server keys them (first letter upper-case). */
  public record LoggedRequest(long arrivalNanos, int bodyHash, int status, Map<String, List<String>> headers) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name)) {
          return header.getValue().get(0);
        }
      }
      return null;
    }
  }

  private OtlpHttpReceiver(int port) {
    this.port = port;
  }

  /** A started receiver on a free port. */
  public static OtlpHttpReceiver listen() {
    return listen(0);
  }

  /** A started receiver on the given port (0: a free one). */
  public static OtlpHttpReceiver listen(int port) {
    OtlpHttpReceiver receiver = new OtlpHttpReceiver(port);
    receiver.start();
    return receiver;
  }

  @Override
  public TraceStore store() {
    return store;
  }

  @Override
  public synchronized int port() {
    return port;
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  /** {@link #endpoint()} + {@code /v1/traces}: what a signal-specific OTLP/HTTP traces endpoint setting wants. */
  public String tracesUrl() {
    return endpoint() + TRACES_PATH;
  }

  @Override
  public synchronized boolean isRunning() {
    return server != null || raw != null;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    closeRaw();
    long deadline = System.nanoTime() + BIND_RETRY.toNanos();
    while (true) {
      try {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        break;
      } catch (BindException e) {
        // Restarting on the same port: the old socket may need a moment to go.
        if (port == 0 || System.nanoTime() > deadline) {
          throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
        }
        sleep(Duration.ofMillis(50));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
      }
    }
    port = server.getAddress().getPort();
    AtomicInteger threads = new AtomicInteger();
    int boundPort = port;
    executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "otlp-http-receiver-" + boundPort + "-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  @Override
  public synchronized void stop() {
    closeRaw();
    stopHttp();
  }

  private void stopHttp() {
    if (server == null) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server = null;
    executor = null;
  }

  @Override
  public void close() {
    stop();
  }

  /** Answers every request with this HTTP status (e.g. 500, 503) until {@link #respondNormally()}. */
  public void respondWithStatus(int status) {
    respondWithStatus(status, null);
  }

  /** Answers every request with this status and a {@code Retry-After: <seconds>} header (e.g. 429, 503). */
  public void respondWithStatus(int status, Duration retryAfter) {
    this.retryAfter = retryAfter;
    failStatus = status;
  }

  /** Answers the next {@code count} requests with this HTTP status, then as before. */
  public void failNext(int count, int status) {
    failNext(count, status, null);
  }

  /** Answers the next {@code count} requests with this status and {@code Retry-After: <seconds>}, then as before. */
  public void failNext(int count, int status, Duration retryAfter) {
    failNextRetryAfter = retryAfter;
    failNextStatus = status;
    failNextCount.set(count);
  }

  /**
   * Keeps the port but stops speaking HTTP: connections are accepted and never answered (a hung collector, a
   * black-holing proxy) until {@link #respondNormally()}. Each connection counts in {@link #requestCount()}.
   */
  public synchronized void stall() {
    becomeRaw(RawTcpListener.Mode.STALL);
  }

  /**
   * Keeps the port but answers every connection with bytes that are not HTTP, then closes it (a wrong service on the
   * port), until {@link #respondNormally()}. Each connection counts in {@link #requestCount()}.
   */
  public synchronized void answerGarbage() {
    becomeRaw(RawTcpListener.Mode.GARBAGE);
  }

  private void becomeRaw(RawTcpListener.Mode mode) {
    closeRaw();
    stopHttp();
    raw = new RawTcpListener(port, mode, store::countRequest, BIND_RETRY.toMillis());
  }

  private void closeRaw() {
    if (raw != null) {
      raw.close();
      raw = null;
    }
  }

  /** Connections held open by {@link #stall()}. */
  public synchronized int stalledConnections() {
    return raw == null ? 0 : raw.connectionsHeld();
  }

  /** Every HTTP request so far, in arrival order. */
  public List<LoggedRequest> requestLog() {
    synchronized (requestLog) {
      return List.copyOf(requestLog);
    }
  }

  /** Answers every request only after this delay (the data is kept on arrival). */
  public void delayResponses(Duration delay) {
    this.delay = delay;
  }

  /**
   * Back to answering 200 at once: clears {@link #respondWithStatus}, {@link #failNext}, the delay, and a
   * {@link #stall()} or {@link #answerGarbage()} (HTTP is served again on the same port). A stopped receiver stays
   * stopped.
   */
  public synchronized void respondNormally() {
    failStatus = 0;
    failNextCount.set(0);
    delay = Duration.ZERO;
    retryAfter = null;
    if (raw != null) {
      closeRaw();
      start();
    }
  }

  @Override
  public String toString() {
    return "OtlpHttpReceiver[" + endpoint() + (isRunning() ? "" : " stopped") + "]";
  }

  // ---------------------------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      long arrival = System.nanoTime();
      store.countRequest();
      byte[] body = exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getPath();
      if (!"POST".equals(method) || !TRACES_PATH.equals(path)) {
        reject(exchange, "POST".equals(method) ? 404 : 405, method + " " + path);
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType == null || !contentType.toLowerCase().startsWith("application/x-protobuf")) {
        reject(exchange, 415, "unsupported Content-Type " + contentType);
        return;
      }
      String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      InputStream in = new ByteArrayInputStream(body);
      if ("gzip".equalsIgnoreCase(encoding)) {
        in = new GZIPInputStream(in);
      } else if (encoding != null && !encoding.isEmpty() && !"identity".equalsIgnoreCase(encoding)) {
        reject(exchange, 415, "unsupported Content-Encoding " + encoding);
        return;
      }
      ExportTraceServiceRequest request;
      try (InputStream decoded = in) {
        request = ExportTraceServiceRequest.parseFrom(decoded);
      } catch (InvalidProtocolBufferException | java.util.zip.ZipException e) {
        reject(exchange, 400, "undecodable body (" + body.length + " bytes, encoding " + encoding + "): " + e);
        return;
      }
      Duration faultRetryAfter = retryAfter;
      int fault;
      if (failNextCount.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
        fault = failNextStatus;
        faultRetryAfter = failNextRetryAfter;
      } else {
        fault = failStatus;
      }
      synchronized (requestLog) {
        requestLog.add(new LoggedRequest(
            arrival, Arrays.hashCode(body), fault == 0 ? 200 : fault, Map.copyOf(exchange.getRequestHeaders())));
      }
      if (fault == 0) {
        store.accept(request);
      }
      Duration currentDelay = delay;
      if (!currentDelay.isZero()) {
        sleep(currentDelay);
      }
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      if (fault != 0 && faultRetryAfter != null) {
        exchange.getResponseHeaders().set("Retry-After", String.valueOf(faultRetryAfter.toSeconds()));
      }
      if (fault != 0) {
        exchange.sendResponseHeaders(fault, -1);
      } else {
        byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
        exchange.getResponseBody().write(response);
      }
    }
  }

  private void reject(HttpExchange exchange, int status, String description) throws IOException {
    store.error(status + ": " + description);
    exchange.sendResponseHeaders(status, -1);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
