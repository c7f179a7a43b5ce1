package io.argus.bootstrap.apachehttpclient5;

import io.argus.bootstrap.http.HttpClientCall;
import java.util.Locale;

/** What the Apache HttpClient 5 advice cannot express itself: the full URL and port from the request's parts. */
public final class ApacheHttpClientCalls {
  private ApacheHttpClientCalls() {}

  /**
   * Starts the span of one {@code execute}. {@code port} is -1 when the URL has none; {@code requestUri} is the path
   * and query ({@code /owners?page=2}), or an absolute URL.
   */
  public static HttpClientCall start(String method, String scheme, String host, int port, String requestUri) {
    int effectivePort = port > 0 ? port : defaultPort(scheme);
    return HttpClientCall.start(method, fullUrl(scheme, host, port, requestUri), host, effectivePort);
  }

  static String fullUrl(String scheme, String host, int port, String requestUri) {
    if (requestUri != null && requestUri.contains("://")) {
      return requestUri;
    }
    StringBuilder url = new StringBuilder();
    url.append(scheme == null ? "http" : scheme).append("://");
    if (host != null) {
      // An IPv6 literal needs its brackets back in a URL.
      boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
      url.append(ipv6 ? "[" : "").append(host).append(ipv6 ? "]" : "");
    }
    if (port > 0) {
      url.append(':').append(port);
    }
    if (requestUri == null || requestUri.isEmpty()) {
      url.append('/');
    } else {
      if (!requestUri.startsWith("/")) {
        url.append('/');
      }
      url.append(requestUri);
    }
    return url.toString();
  }

  static int defaultPort(String scheme) {
    String lower = scheme == null ? "http" : scheme.toLowerCase(Locale.ROOT);
    return lower.equals("https") ? 443 : lower.equals("http") ? 80 : -1;
  }
}
