package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import io.argus.smoke.harness.SmokeApps;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Random hostile {@code traceparent}, {@code tracestate}, {@code baggage} and {@code X-Request-ID} headers (random
 * bytes, values of tens of kilobytes, thousands of list members) sent to the JDK HttpServer demo with and without
 * the agent: the application answers exactly the same, the ids the agent puts on the response are valid (a caller's
 * id only when it was valid), and what the agent keeps of each request is bounded whatever was sent.
 */
class HostileHeadersFuzzTest {
  private static final int REQUESTS = 300;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern VALID_TRACEPARENT =
      Pattern.compile("00-([0-9a-f]{32})-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}");
  private static final Pattern GENERATED_REQUEST_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  @Test
  void randomHostileHeadersChangeNoAnswerAndOnlyValidatedIdsComeBack() throws IOException {
    List<Map<String, String>> requests = new ArrayList<>();
    Random random = new Random(20_261_205L);
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(hostileHeaders(random));
    }

    List<Answer> withoutAgent;
    try (AgentJvm app = demo(AgentJvm.builder().withoutAgent(), null)) {
      withoutAgent = send(app, requests);
    }
    List<Answer> withAgent;
    List<ReceivedSpan> serverSpans;
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app = demo(AgentJvm.builder(), receiver)) {
      withAgent = send(app, requests);
      // Not every span need arrive (a loaded machine may drop a batch as "exporter busy", counted): what arrives
      // must be bounded.
      receiver.store().awaitSpans(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER, REQUESTS / 3, WAIT);
      serverSpans = receiver.store().spans(s -> s.kind() == Span.SpanKind.SPAN_KIND_SERVER);
      assertThat(app.stderrLines()).noneSatisfy(line -> assertThat(line).contains("instrumentation_error"));
    }

    for (int i = 0; i < REQUESTS; i++) {
      Map<String, String> sent = requests.get(i);
      Answer with = withAgent.get(i);
      assertThat(with.statusAndBody()).as("answer to request %d", i).isEqualTo(withoutAgent.get(i).statusAndBody());
      if (!with.status.contains(" 200 ")) {
        continue; // refused by the server itself (e.g. headers too large), with or without the agent
      }
      String requestId = with.headers.get("x-request-id");
      String sentRequestId = sent.get("X-Request-ID");
      if (isAcceptableRequestId(sentRequestId)) {
        assertThat(requestId).as("request %d", i).isEqualTo(sentRequestId);
      } else {
        assertThat(requestId).as("request %d: an invalid id is replaced, never echoed", i)
            .matches(GENERATED_REQUEST_ID);
      }
      String traceId = with.headers.get("x-trace-id");
      assertThat(traceId).as("request %d", i).matches(TRACE_ID).isNotEqualTo("0".repeat(32));
      String traceparent = sent.get("traceparent");
      java.util.regex.Matcher valid = traceparent == null ? null : VALID_TRACEPARENT.matcher(traceparent);
      if (valid != null && valid.matches() && !valid.group(1).equals("0".repeat(32))) {
        assertThat(traceId).as("request %d continues the caller's trace", i).isEqualTo(valid.group(1));
      } else {
        assertThat(String.join("\n", sent.values())).as("request %d: a new trace id, not one taken from the request",
            i).doesNotContain(traceId);
      }
    }

    System.out.printf("hostile headers: %d requests, %d answered 200 with and without the agent, %d request ids"
            + " replaced, %d server spans, longest tracestate kept %d chars%n", REQUESTS,
        withAgent.stream().filter(a -> a.status.contains(" 200 ")).count(),
        withAgent.stream().filter(a -> GENERATED_REQUEST_ID.matcher(a.headers.getOrDefault("x-request-id", ""))
            .matches()).count(),
        serverSpans.size(),
        serverSpans.stream().mapToInt(s -> s.span().getTraceState().length()).max().orElse(0));
    assertThat(serverSpans).isNotEmpty();
    for (ReceivedSpan span : serverSpans) {
      String traceState = span.span().getTraceState();
      assertThat(traceState.isEmpty() ? 0 : traceState.split(",").length).isLessThanOrEqualTo(32);
      assertThat(traceState.length()).isLessThanOrEqualTo(32 * (256 + 1 + 256) + 31);
      span.attributes().forEach((key, value) ->
          assertThat(value.length()).as("%s of %s", key, span).isLessThanOrEqualTo(2048));
    }
  }

  /** As HttpServerCall.validRequestId: short printable ASCII. */
  private static boolean isAcceptableRequestId(String id) {
    return id != null && !id.isEmpty() && id.length() <= 128 && id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
  }

  private static Map<String, String> hostileHeaders(Random random) {
    Map<String, String> headers = new LinkedHashMap<>();
    String traceId = String.format("%016x%016x", random.nextLong(), random.nextLong());
    switch (random.nextInt(6)) {
      case 0 -> headers.put("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
      case 1 -> headers.put("traceparent", randomBytes(random, 1 + random.nextInt(80)));
      case 2 -> headers.put("traceparent",
          "00-" + traceId + "-" + randomBytes(random, 20_000 + random.nextInt(30_000)));
      case 3 -> headers.put("traceparent", "00-" + traceId.toUpperCase(Locale.ROOT) + "-00f067aa0ba902b7-01");
      case 4 -> headers.put("traceparent", "00-" + "0".repeat(32) + "-00f067aa0ba902b7-01");
      default -> { } // none: a new trace
    }
    switch (random.nextInt(4)) {
      case 0 -> headers.put("tracestate", members(random, 1 + random.nextInt(40), 250));
      case 1 -> headers.put("tracestate", members(random, 1_000 + random.nextInt(4_000), 8));
      case 2 -> headers.put("tracestate", randomBytes(random, 1 + random.nextInt(20_000)));
      default -> { }
    }
    switch (random.nextInt(4)) {
      case 0 -> headers.put("baggage", members(random, 1_000 + random.nextInt(4_000), 6));
      case 1 -> headers.put("baggage", "k=" + "v".repeat(10_000 + random.nextInt(40_000)) + ",small=1");
      case 2 -> headers.put("baggage", randomBytes(random, 1 + random.nextInt(20_000)));
      default -> { }
    }
    switch (random.nextInt(5)) {
      case 0 -> headers.put("X-Request-ID", "req-" + Integer.toHexString(random.nextInt()));
      case 1 -> headers.put("X-Request-ID", randomBytes(random, 1 + random.nextInt(200)));
      case 2 -> headers.put("X-Request-ID", "r".repeat(129 + random.nextInt(20_000)));
      case 3 -> headers.put("X-Request-ID", "\"quoted\" <script>" + random.nextInt());
      default -> { }
    }
    return headers;
  }

  /**
   * Bytes 0x01-0xFF but CR and LF (which would end the header), read as ISO-8859-1 characters; between two letters,
   * since a server trims the whitespace around a header value before anyone sees it.
   */
  private static String randomBytes(Random random, int length) {
    StringBuilder text = new StringBuilder(length + 2).append('a');
    while (text.length() <= length) {
      char c = (char) (1 + random.nextInt(255));
      if (c != '\r' && c != '\n') {
        text.append(c);
      }
    }
    return text.append('z').toString();
  }

  private static String members(Random random, int count, int valueLength) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < count; i++) {
      list.append(i == 0 ? "" : ",").append('k').append(i).append('=')
          .append("v".repeat(1 + random.nextInt(valueLength)));
    }
    return list.toString();
  }

  private static AgentJvm demo(AgentJvm.Builder builder, OtlpHttpReceiver receiver) {
    int appPort = AgentJvm.freePort();
    builder
        .name("hostile-fuzz")
        .classPath(SmokeApps.classPath("demo-service"))
        .mainClass(DemoService.MAIN)
        .args(String.valueOf(appPort), "0")
        .env("ARGUS_METRICS_PORT", "0")
        .env("ARGUS_HTTP_TRACE_ID_RESPONSE_HEADER", "X-Trace-Id")
        .env("ARGUS_EXPORT_DELAY", "100");
    if (receiver != null) {
      builder.env("OTEL_TRACES_EXPORTER", "otlp").env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
          .env("ARGUS_SPAN_QUEUE_CAPACITY", "65536");
    }
    AgentJvm app = builder.start();
    app.awaitStdout("DEMO READY", WAIT);
    return app;
  }

  private record Answer(String status, Map<String, String> headers, String body) {
    String statusAndBody() {
      return status + " | " + body;
    }
  }

  private static List<Answer> send(AgentJvm app, List<Map<String, String>> requests) throws IOException {
    int port = Integer.parseInt(app.command().get(app.command().size() - 2));
    List<Answer> answers = new ArrayList<>();
    for (Map<String, String> headers : requests) {
      StringBuilder request = new StringBuilder("GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
      headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      answers.add(exchange(port, request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1)));
    }
    return answers;
  }

  private static Answer exchange(int port, byte[] request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        out.write(request);
        out.flush();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
          bytes.write(buffer, 0, n);
        }
      } catch (SocketException reset) {
        // the server may close or reset on an oversized request; what was read is the answer
      }
      String text = bytes.toString(StandardCharsets.ISO_8859_1);
      int headerEnd = text.indexOf("\r\n\r\n");
      if (headerEnd < 0) {
        return new Answer(text.isEmpty() ? "<no answer>" : text, Map.of(), "");
      }
      String[] lines = text.substring(0, headerEnd).split("\r\n");
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          responseHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
              lines[i].substring(colon + 1).trim());
        }
      }
      return new Answer(lines[0] + " ", responseHeaders, text.substring(headerEnd + 4));
    }
  }
}
