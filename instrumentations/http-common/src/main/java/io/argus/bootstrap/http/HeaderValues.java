package io.argus.bootstrap.http;

import java.util.List;

/** Small pieces of header handling that server advice needs and cannot express itself. */
public final class HeaderValues {
  /**
   * The last Host header cut and its host: a server sees the same few Host headers over and over, and cutting one
   * allocated a string per request. Racy on purpose: a reader sees either pair whole (final fields) or misses.
   */
  private static HostOf lastHost = new HostOf("", null);

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
    HostOf last = lastHost;
    if (last.header.equals(hostHeader)) {
      return last.host;
    }
    String host = cutHost(hostHeader);
    lastHost = new HostOf(hostHeader, host);
    return host;
  }

  private static String cutHost(String hostHeader) {
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
    // The common ones without cutting a new string per request.
    if (protocol.equals("HTTP/1.1")) {
      return "1.1";
    }
    if (protocol.equals("HTTP/2.0") || protocol.equals("HTTP/2")) {
      return "2";
    }
    int slash = protocol.indexOf('/');
    return slash >= 0 && slash < protocol.length() - 1 ? protocol.substring(slash + 1) : null;
  }

  private static final class HostOf {
    final String header;
    final String host;

    HostOf(String header, String host) {
      this.header = header;
      this.host = host;
    }
  }
}
