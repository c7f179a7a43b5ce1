package io.argus.bootstrap.jdkhttpurlconnection;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanStatus;
import io.argus.bootstrap.propagation.TraceparentCodec;
import io.argus.bootstrap.sampling.ConstantSampler;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The span bookkeeping of HttpURLConnection, driven as the advice drives it, on real (unconnected) connections: the
 * JDK's own handler, nothing sent.
 */
class UrlConnectionCallsTest {
  private final List<ArgusSpan> ended = new CopyOnWriteArrayList<>();

  @BeforeEach
  void recordEndedSpans() {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, ended::add);
  }

  @AfterEach
  void stopRecording() {
    ArgusTracer.uninstall();
  }

  private static HttpURLConnection connection(String url) throws IOException {
    return (HttpURLConnection) URI.create(url).toURL().openConnection();
  }

  @Test
  void theFirstMethodStartsTheSpanAndSetsTheTraceparentTheOutermostGetInputStreamEndsIt() throws IOException {
    HttpURLConnection connection = connection("http://user:pw@127.0.0.1:8080/owners?token=abc");

    UrlConnectionCalls.enter(connection); // getInputStream
    String traceparent = connection.getRequestProperty("traceparent");
    assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
    UrlConnectionCalls.enter(connection); // connect, called by getInputStream
    UrlConnectionCalls.exit(connection, false, -1, null);
    assertThat(ended).isEmpty();
    UrlConnectionCalls.exit(connection, true, 200, null);

    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(span.name()).isEqualTo("GET");
      assertThat(span.kind()).isEqualTo(SpanKind.CLIENT);
      assertThat(span.attribute("url.full")).isEqualTo("http://127.0.0.1:8080/owners?token=REDACTED");
      assertThat(span.attribute("server.address")).isEqualTo("127.0.0.1");
      assertThat(span.attribute("server.port")).isEqualTo(8080L);
      assertThat(span.attribute("http.response.status_code")).isEqualTo(200L);
      assertThat(span.status()).isEqualTo(SpanStatus.UNSET);
      assertThat(traceparent).isEqualTo(TraceparentCodec.format(span.spanContext()));
    });
  }

  @Test
  void aConnectionSendsOneRequestSoLaterReadsStartNoSecondSpan() throws IOException {
    HttpURLConnection connection = connection("http://127.0.0.1:8080/");
    UrlConnectionCalls.enter(connection);
    UrlConnectionCalls.exit(connection, true, 200, null);

    UrlConnectionCalls.enter(connection); // getHeaderField, getResponseCode... after the response
    UrlConnectionCalls.exit(connection, true, 200, null);

    assertThat(ended).hasSize(1);
  }

  @Test
  void aRequestBodyWrittenFirstStartsTheSpanAndTheResponseEndsIt() throws IOException {
    HttpURLConnection connection = connection("http://127.0.0.1:8080/owners");
    connection.setRequestMethod("POST");

    UrlConnectionCalls.enter(connection); // getOutputStream
    UrlConnectionCalls.exit(connection, false, -1, null);
    assertThat(connection.getRequestProperty("traceparent")).isNotNull();
    assertThat(ended).isEmpty();
    UrlConnectionCalls.enter(connection); // getInputStream
    UrlConnectionCalls.exit(connection, true, 201, null);

    assertThat(ended).singleElement().satisfies(span -> assertThat(span.name()).isEqualTo("POST"));
  }

  @Test
  void aNotFoundAnswerIsAnErrorStatusNotAnExceptionEvenThoughGetInputStreamThrows() throws IOException {
    HttpURLConnection connection = connection("http://127.0.0.1:8080/owners/42");
    UrlConnectionCalls.enter(connection);
    UrlConnectionCalls.exit(connection, true, 404, new FileNotFoundException("http://127.0.0.1:8080/owners/42"));

    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
      assertThat(span.attribute("http.response.status_code")).isEqualTo(404L);
      assertThat(span.events()).isEmpty();
    });
  }

  @Test
  void aFailedConnectEndsTheSpanWithTheException() throws IOException {
    HttpURLConnection connection = connection("http://127.0.0.1:1/");
    UrlConnectionCalls.enter(connection); // connect
    UrlConnectionCalls.exit(connection, false, -1, new ConnectException("Connection refused"));

    assertThat(ended).singleElement().satisfies(span -> {
      assertThat(span.attribute("error.type")).isEqualTo("java.net.ConnectException");
      assertThat(span.events()).singleElement().satisfies(event -> assertThat(event.name()).isEqualTo("exception"));
      assertThat(span.attribute("http.response.status_code")).isNull();
    });
  }

  @Test
  void disconnectEndsASpanWhoseResponseWasNeverRead() throws IOException {
    HttpURLConnection connection = connection("http://127.0.0.1:8080/");
    UrlConnectionCalls.enter(connection); // connect
    UrlConnectionCalls.exit(connection, false, -1, null);

    UrlConnectionCalls.disconnect(connection, -1);
    UrlConnectionCalls.disconnect(connection, -1);

    assertThat(ended).hasSize(1);
  }
}
