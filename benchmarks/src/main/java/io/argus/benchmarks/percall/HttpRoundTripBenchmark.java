package io.argus.benchmarks.percall;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One GET on loopback: the JDK {@link HttpClient} (HTTP/1.1, kept-alive connection) to a JDK {@link HttpServer} in the
 * same JVM. With an agent: a CLIENT span, a SERVER span, the {@code traceparent} header between them, and the HTTP
 * client and server duration metrics.
 */
@State(Scope.Benchmark)
public class HttpRoundTripBenchmark {
  private static final byte[] BODY = "owner 1".getBytes(StandardCharsets.US_ASCII);

  private HttpServer server;
  private HttpClient client;
  private HttpRequest request;

  @Setup(Level.Trial)
  public void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext("/owners", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, BODY.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(BODY);
      }
    });
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    server.start();
    // The JDK names every HttpServer's dispatcher "HTTP-Dispatcher" (Argus's endpoint has one too): rename ours, so
    // that ApplicationThreadsProfiler counts it and only it.
    Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !before.contains(t) && t.getName().equals("HTTP-Dispatcher"))
        .forEach(t -> t.setName("benchmark-http-dispatcher"));
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/owners/1"))
        .GET().build();
  }

  @TearDown(Level.Trial)
  public void stop() {
    server.stop(0);
  }

  @Benchmark
  public byte[] getOnLoopback() throws IOException, InterruptedException {
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode());
    }
    return response.body();
  }
}
