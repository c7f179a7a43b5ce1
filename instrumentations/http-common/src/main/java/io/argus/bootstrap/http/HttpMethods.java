package io.argus.bootstrap.http;

/** OpenTelemetry HTTP conventions: known methods keep their name, anything else is {@code _OTHER} in names and labels. */
final class HttpMethods {
  private static final String[] KNOWN = {
    "GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH", "CONNECT", "TRACE", "QUERY"
  };

  private HttpMethods() {}

  static String normalise(String method) {
    if (method != null) {
      for (String known : KNOWN) {
        if (known.equals(method)) {
          return known;
        }
      }
    }
    return "_OTHER";
  }
}
