package io.argus.agent.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.argus.agent.config.OtlpSettings;
import io.argus.agent.export.SpanDataForTests;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exporter against a real HTTP server on 127.0.0.1 that answers as scripted. */
class OtlpHttpExporterTest {
  private static final OtlpHttpExporter.RetryTiming QUICK_RETRY = new OtlpHttpExporter.RetryTiming(3, 10, 20, 1.5);
  private static final long WAIT_SECONDS = 20;

  private HttpServer server;
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<Received>();
  /** Answers for the next requests, in order; 200 with an empty body once they run out. */
  private final BlockingQueue<Answer> answers = new LinkedBlockingQueue<Answer>();
  private OtlpHttpExporter exporter;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/traces", this::handle);
    server.start();
  }

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.shutdown();
    }
    server.stop(0);
  }

  @Test
  void postsTheEncodedBatchWithTheConfiguredHeaders() throws Exception {
    exporter = exporter(endpoint(), "none", Collections.singletonMap("Authorization", "Bearer s3cret"));
    List<SpanData> batch = batch();

    assertThat(export(batch).isSuccess()).isTrue();

    Received request = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(request.body).isEqualTo(reference(batch));
    assertThat(request.header("Content-Type")).isEqualTo("application/x-protobuf");
    assertThat(request.header("User-Agent")).isEqualTo("argus-agent/1.0-test");
    assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(request.header("Content-Encoding")).isNull();
  }

  @Test
  void gzipCompressesTheBody() throws Exception {
    exporter = exporter(endpoint(), "gzip", Collections.<String, String>emptyMap());
    List<SpanData> batch = batch();

    assertThat(export(batch).isSuccess()).isTrue();

    Received request = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    assertThat(request.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(gunzip(request.body)).isEqualTo(reference(batch));
  }

  @Test
  void retryableStatusesAreRetriedUntilTheCollectorAccepts() throws Exception {
    answers.add(new Answer(503, new byte[0], "0"));
    answers.add(new Answer(429, new byte[0], null));
    exporter = exporter(endpoint(), "none", Collections.<String, String>emptyMap());
    List<SpanData> batch = batch();

    assertThat(export(batch).isSuccess()).isTrue();

    assertThat(received).hasSize(3);
    for (Received request : received) {
      assertThat(request.body).isEqualTo(reference(batch));
    }
  }

  @Test
  void aRejectedRequestFailsAtOnceWithTheCollectorsMessage() throws Exception {
    answers.add(new Answer(400, rpcStatus("invalid span id length"), null));
    exporter = exporter(endpoint(), "none", Collections.<String, String>emptyMap());

    CompletableResultCode result = export(batch());

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.getFailureThrowable())
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("invalid span id length");
    assertThat(received).hasSize(1);
  }

  @Test
  void credentialsInTheEndpointNeverReachTheErrorMessage() throws Exception {
    answers.add(new Answer(401, new byte[0], null));
    String endpoint = "http://user:s3cret@127.0.0.1:" + server.getAddress().getPort() + "/v1/traces?api_key=k3y";
    exporter = exporter(endpoint, "none", Collections.<String, String>emptyMap());

    CompletableResultCode result = export(batch());

    assertThat(result.getFailureThrowable().getMessage())
        .contains("HTTP 401").doesNotContain("s3cret").doesNotContain("k3y");
  }

  @Test
  void retriesEndAfterTheLastAttempt() throws Exception {
    for (int i = 0; i < 5; i++) {
      answers.add(new Answer(502, "bad gateway".getBytes(StandardCharsets.UTF_8), null));
    }
    exporter = exporter(endpoint(), "none", Collections.<String, String>emptyMap());

    CompletableResultCode result = export(batch());

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.getFailureThrowable()).hasMessageContaining("HTTP 502").hasMessageContaining("bad gateway")
        .hasMessageContaining("after 3 attempts");
    assertThat(received).hasSize(3);
  }

  @Test
  void aRetryAfterBeyondTheExportTimeoutEndsTheExportAtOnce() throws Exception {
    answers.add(new Answer(429, new byte[0], "30"));
    exporter = exporter(endpoint(), "none", Collections.<String, String>emptyMap());
    long start = System.nanoTime();

    CompletableResultCode result = export(batch());

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.getFailureThrowable()).hasMessageContaining("HTTP 429").hasMessageContaining("export timeout");
    assertThat(received).hasSize(1);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
  }

  @Test
  void aPartialSuccessCountsAsDelivered() throws Exception {
    answers.add(new Answer(200, partialSuccess(2, "2 spans too old"), null));
    exporter = exporter(endpoint(), "none", Collections.<String, String>emptyMap());

    assertThat(export(batch()).isSuccess()).isTrue();
  }

  @Test
  void aCollectorThatIsDownFailsTheBatchAfterTheRetries() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    exporter = exporter("http://127.0.0.1:" + closedPort + "/v1/traces", "none", Collections.<String, String>emptyMap());

    CompletableResultCode result = export(batch());

    assertThat(result.isSuccess()).isFalse();
    assertThat(result.getFailureThrowable()).hasMessageContaining("ConnectException").hasMessageContaining("after 3");
  }

  @Test
  void afterShutdownBatchesFailAtOnce() {
    exporter = exporter(endpoint(), "none", Collections.<String, String>emptyMap());
    exporter.shutdown();

    CompletableResultCode result = exporter.export(batch());

    assertThat(result.isDone()).isTrue();
    assertThat(result.isSuccess()).isFalse();
  }

  @Test
  void anEndpointThatIsNotAnHttpUrlIsRefusedClearly() {
    assertThatThrownBy(() -> exporter("ftp://127.0.0.1/v1/traces", "none", Collections.<String, String>emptyMap()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> exporter("127.0.0.1:4318", "none", Collections.<String, String>emptyMap()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a URL");
  }

  private OtlpHttpExporter exporter(String endpoint, String compression, Map<String, String> headers) {
    OtlpSettings settings = new OtlpSettings(endpoint, OtlpSettings.HTTP_PROTOBUF, headers, 5000, compression);
    return new OtlpHttpExporter(settings, "1.0-test", 2, QUICK_RETRY);
  }

  private String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
  }

  private CompletableResultCode export(List<SpanData> batch) {
    return exporter.export(batch).join(WAIT_SECONDS, TimeUnit.SECONDS);
  }

  private static List<SpanData> batch() {
    SpanData root = SpanDataForTests.root("GET /owners/{id}", 1000, false);
    return Arrays.asList(root, SpanDataForTests.child(root, "SELECT owners"));
  }

  private static byte[] reference(List<SpanData> batch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(batch).writeBinaryTo(out);
    return out.toByteArray();
  }

  /** google.rpc.Status with only its message (field 2). */
  private static byte[] rpcStatus(String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x12);
    out.write(text.length);
    out.write(text, 0, text.length);
    return out.toByteArray();
  }

  /** ExportTraceServiceResponse{partial_success{rejected_spans, error_message}}. */
  static byte[] partialSuccess(int rejected, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream inner = new ByteArrayOutputStream();
    inner.write(0x08);
    inner.write(rejected);
    inner.write(0x12);
    inner.write(text.length);
    inner.write(text, 0, text.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x0A);
    out.write(inner.size());
    out.write(inner.toByteArray(), 0, inner.size());
    return out.toByteArray();
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return readAll(in);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] chunk = new byte[4096];
    int n;
    while ((n = in.read(chunk)) > 0) {
      out.write(chunk, 0, n);
    }
    return out.toByteArray();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      received.add(new Received(readAll(exchange.getRequestBody()), exchange.getRequestHeaders()));
      Answer answer = answers.poll();
      if (answer == null) {
        answer = new Answer(200, new byte[0], null);
      }
      if (answer.retryAfter != null) {
        exchange.getResponseHeaders().add("Retry-After", answer.retryAfter);
      }
      exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(answer.status, answer.body.length == 0 ? -1 : answer.body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer.body);
      }
    } finally {
      exchange.close();
    }
  }

  private static final class Answer {
    final int status;
    final byte[] body;
    final String retryAfter;

    Answer(int status, byte[] body, String retryAfter) {
      this.status = status;
      this.body = body;
      this.retryAfter = retryAfter;
    }
  }

  private static final class Received {
    final byte[] body;
    final Map<String, List<String>> headers;

    Received(byte[] body, Map<String, List<String>> headers) {
      this.body = body;
      this.headers = headers;
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> header : headers.entrySet()) {
        if (header.getKey().equalsIgnoreCase(name)) {
          return header.getValue().get(0);
        }
      }
      return null;
    }
  }
}
