package io.argus.bootstrap.http;

import java.util.List;
import java.util.Map;

/**
 * The request headers a SERVER span reads, found in one pass over a server's map of header name to values (the JDK
 * HttpServer's {@code Headers}). Looking them up one by one made that server normalise each name into a new string:
 * six names, six strings per request. Names are matched ignoring case.
 *
 * <p>One instance per thread, reused by every {@link #of} on it: advice reads it at once and keeps nothing of it.
 */
public final class RequestHeaderScan {
  private static final ThreadLocal<RequestHeaderScan> PER_THREAD =
      new ThreadLocal<RequestHeaderScan>() {
        @Override
        protected RequestHeaderScan initialValue() {
          return new RequestHeaderScan();
        }
      };

  private String host;
  private String userAgent;
  private String traceparent;
  private String tracestate;
  private String baggage;
  private String requestId;

  private RequestHeaderScan() {}

  /** Scans {@code headers}; {@code requestIdHeader} may be null (the request id is off). */
  public static RequestHeaderScan of(Map<String, List<String>> headers, String requestIdHeader) {
    RequestHeaderScan scan = PER_THREAD.get();
    scan.host = null;
    scan.userAgent = null;
    scan.traceparent = null;
    scan.tracestate = null;
    scan.baggage = null;
    scan.requestId = null;
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      scan.take(header.getKey(), header.getValue(), requestIdHeader);
    }
    return scan;
  }

  private void take(String name, List<String> values, String requestIdHeader) {
    if (name == null) {
      return;
    }
    if (requestIdHeader != null && name.equalsIgnoreCase(requestIdHeader)) {
      requestId = first(values);
    } else if (name.equalsIgnoreCase("host")) {
      host = first(values);
    } else if (name.equalsIgnoreCase("user-agent")) {
      userAgent = first(values);
    } else if (name.equalsIgnoreCase("traceparent")) {
      traceparent = HeaderValues.join(values);
    } else if (name.equalsIgnoreCase("tracestate")) {
      tracestate = HeaderValues.join(values);
    } else if (name.equalsIgnoreCase("baggage")) {
      baggage = HeaderValues.join(values);
    }
  }

  /** The first Host line, or null. */
  public String host() {
    return host;
  }

  /** The first User-Agent line, or null. */
  public String userAgent() {
    return userAgent;
  }

  /** The first line of the request-id header, or null. */
  public String requestId() {
    return requestId;
  }

  /** All traceparent lines joined ({@link HeaderValues#join}), or null. */
  public String traceparent() {
    return traceparent;
  }

  /** All tracestate lines joined, or null. */
  public String tracestate() {
    return tracestate;
  }

  /** All baggage lines joined, or null. */
  public String baggage() {
    return baggage;
  }

  private static String first(List<String> values) {
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
