package io.argus.bootstrap.http;

import java.util.List;

/** Small pieces of header handling that server advice needs and cannot express itself. */
public final class HeaderValues {
  private HeaderValues() {}

  /**
   * Several lines of one header as one value, joined with ',' (RFC 9110 §5.3). For tracestate this is the combination
   * W3C Trace Context asks for; two traceparent lines become an invalid value, so a new trace starts.
   */
  public static String join(List<String> lines) {
    if (lines == null || lines.isEmpty()) {
      return null;
    }
    if (lines.size() == 1) {
      return lines.get(0);
    }
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        joined.append(',');
      }
      joined.append(lines.get(i));
    }
    return joined.toString();
  }

  /** The host part of a Host header ({@code example.com:8080}, {@code [::1]:80}), or null. */
  public static String hostOf(String hostHeader) {
    if (hostHeader == null || hostHeader.isEmpty()) {
      return null;
    }
    if (hostHeader.startsWith("[")) {
      int close = hostHeader.indexOf(']');
      return close > 0 ? hostHeader.substring(1, close) : null;
    }
    int colon = hostHeader.indexOf(':');
    return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
  }

  /** "HTTP/1.1" → "1.1", "HTTP/2" → "2"; null when unknown. */
  public static String protocolVersion(String protocol) {
    if (protocol == null) {
      return null;
    }
    int slash = protocol.indexOf('/');
    return slash >= 0 && slash < protocol.length() - 1 ? protocol.substring(slash + 1) : null;
  }
}
