package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestHeaderScanTest {
  @Test
  void findsEveryHeaderWhateverTheCaseOfItsName() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    // The JDK HttpServer keeps names as "Traceparent", "User-agent"; other maps may keep them as sent.
    headers.put("Host", Collections.singletonList("example.com:8080"));
    headers.put("User-agent", Collections.singletonList("curl/8.0"));
    headers.put("Traceparent", Collections.singletonList("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    headers.put("TRACESTATE", Collections.singletonList("a=1"));
    headers.put("baggage", Collections.singletonList("k=v"));
    headers.put("X-request-id", Collections.singletonList("req-1"));
    headers.put("Accept", Collections.singletonList("*/*"));

    RequestHeaderScan scan = RequestHeaderScan.of(headers, "X-Request-ID");

    assertThat(scan.host()).isEqualTo("example.com:8080");
    assertThat(scan.userAgent()).isEqualTo("curl/8.0");
    assertThat(scan.traceparent()).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    assertThat(scan.tracestate()).isEqualTo("a=1");
    assertThat(scan.baggage()).isEqualTo("k=v");
    assertThat(scan.requestId()).isEqualTo("req-1");
  }

  @Test
  void joinsRepeatedTraceHeadersAndTakesTheFirstOfOthers() {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("Tracestate", Arrays.asList("a=1", "b=2"));
    headers.put("Baggage", Arrays.asList("k=v", "l=w"));
    headers.put("User-agent", Arrays.asList("first", "second"));
    headers.put("Host", Collections.emptyList());

    RequestHeaderScan scan = RequestHeaderScan.of(headers, "X-Request-ID");

    assertThat(scan.tracestate()).isEqualTo("a=1,b=2");
    assertThat(scan.baggage()).isEqualTo("k=v,l=w");
    assertThat(scan.userAgent()).isEqualTo("first");
    assertThat(scan.host()).isNull();
  }

  @Test
  void aNewScanForgetsThePreviousRequestsHeaders() {
    Map<String, List<String>> first = new LinkedHashMap<>();
    first.put("Traceparent", Collections.singletonList("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    first.put("X-request-id", Collections.singletonList("req-1"));
    RequestHeaderScan.of(first, "X-Request-ID");

    Map<String, List<String>> second = new LinkedHashMap<>();
    second.put("X-request-id", Collections.singletonList("req-2"));
    second.put(null, Collections.singletonList("HTTP/1.1 200 OK")); // HttpURLConnection's status line key
    RequestHeaderScan scan = RequestHeaderScan.of(second, null);

    assertThat(scan.traceparent()).isNull();
    assertThat(scan.requestId()).isNull(); // the request id is off
    assertThat(scan.host()).isNull();
  }
}
