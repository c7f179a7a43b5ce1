package io.argus.bootstrap.jdkhttpclient;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanStatus;
import io.argus.bootstrap.http.HttpClientCall;
import io.argus.bootstrap.propagation.TraceparentCodec;
import io.argus.bootstrap.sampling.ConstantSampler;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK HttpClient span from start to the completion of the response future, and the header hand-over. */
class JdkHttpClientCallsTest {
  private final List<ArgusSpan> ended = new CopyOnWriteArrayList<>();

  @BeforeEach
  void recordEndedSpans() {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, ended::add);
  }

  @AfterEach
  void stopRecording() {
    JdkHttpClientCalls.takeHeadersForNewRequest();
    ArgusTracer.uninstall();
  }

  @Test
  void startLeavesTheTraceHeadersForTheRequestCopyMadeOnThisThreadOnce() {
    HttpClientCall call = JdkHttpClientCalls.start("GET", URI.create("http://127.0.0.1:8080/owners"));

    String[] headers = JdkHttpClientCalls.takeHeadersForNewRequest();
    assertThat(headers).hasSize(2);
    assertThat(headers[0]).isEqualTo("traceparent");
    assertThat(JdkHttpClientCalls.takeHeadersForNewRequest()).isNull();

    JdkHttpClientCalls.sent(call, null, new IllegalArgumentException("no such scheme"), HttpResponse.class);
    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(TraceparentCodec.format(span.spanContext())).isEqualTo(headers[1]);
      assertThat(span.attribute("error.type")).isEqualTo("java.lang.IllegalArgumentException");
    });
  }

  @Test
  void theSpanEndsWhenTheResponseFutureCompletesWithTheStatusOfTheRealResponse() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
    server.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/owners?session=s1");
      HttpResponse<Void> response =
          HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
      CompletableFuture<HttpResponse<Void>> future = new CompletableFuture<>();

      JdkHttpClientCalls.sent(JdkHttpClientCalls.start("GET", uri), future, null, HttpResponse.class);
      assertThat(ended).isEmpty();
      future.complete(response);

      assertThat(ended).singleElement().satisfies(span -> {
        assertThat(span.attribute("http.response.status_code")).isEqualTo(503L);
        assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(span.attribute("url.full")).isEqualTo(uri.toString().replace("s1", "REDACTED"));
        assertThat(span.attribute("server.port")).isEqualTo((long) server.getAddress().getPort());
      });
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aFutureFailingWithAWrappedExceptionRecordsTheExceptionItself() {
    CompletableFuture<HttpResponse<String>> future = new CompletableFuture<>();
    JdkHttpClientCalls.sent(
        JdkHttpClientCalls.start("POST", URI.create("https://example.test/orders")), future, null, HttpResponse.class);

    future.completeExceptionally(new CompletionException(new ConnectException("refused")));

    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(span.attribute("error.type")).isEqualTo("java.net.ConnectException");
      assertThat(span.attribute("server.port")).isEqualTo(443L);
    });
  }

  @Test
  void aDerivedRequestCopiesOnlyTheTraceHeadersFromTheSystemHeaders() {
    Map<String, List<String>> systemHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    systemHeaders.put("User-Agent", List.of("Java-http-client/17"));
    systemHeaders.put("Traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    systemHeaders.put("baggage", List.of("tenant=acme"));

    assertThat(JdkHttpClientCalls.traceHeadersOf(systemHeaders))
        .containsExactly(
            "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "baggage", "tenant=acme");
  }
}
