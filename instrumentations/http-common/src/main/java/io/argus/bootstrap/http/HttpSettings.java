package io.argus.bootstrap.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The HTTP settings in effect, handed over once by the agent at start-up (see the http-common
 * {@code ArgusInstrumentation}); read on every request, so immutable and swapped as a whole.
 */
public final class HttpSettings {
  public static final List<String> DEFAULT_EXCLUDED_PATHS =
      Collections.unmodifiableList(
          Arrays.asList(
              "/favicon.ico", "*.js", "*.css", "*.map", "*.png", "*.jpg", "*.jpeg", "*.gif", "*.svg", "*.ico",
              "*.woff", "*.woff2"));
  public static final List<String> DEFAULT_SECRET_QUERY_PARAMETERS =
      Collections.unmodifiableList(
          Arrays.asList(
              "token", "password", "passwd", "pwd", "secret", "key", "auth", "signature", "sig", "session",
              "credential"));

  private static volatile HttpSettings current =
      new HttpSettings(
          DEFAULT_EXCLUDED_PATHS,
          true,
          Collections.<String>emptyList(),
          true,
          DEFAULT_SECRET_QUERY_PARAMETERS,
          "X-Request-ID",
          null);

  final PathGlob[] excludedPaths;
  final boolean excludedPathsInMetrics;
  final RouteTemplates routes;
  final UrlRedaction redaction;
  /** Header carrying a request id in and out; null when off. */
  final String requestIdHeader;
  /** Response header that tells callers the trace id; null when off. */
  final String traceIdResponseHeader;

  public HttpSettings(
      List<String> excludedPaths,
      boolean excludedPathsInMetrics,
      List<String> routeRules,
      boolean redact,
      List<String> secretQueryParameters,
      String requestIdHeader,
      String traceIdResponseHeader) {
    List<PathGlob> globs = new ArrayList<PathGlob>();
    for (String pattern : excludedPaths) {
      globs.add(new PathGlob(pattern));
    }
    this.excludedPaths = globs.toArray(new PathGlob[0]);
    this.excludedPathsInMetrics = excludedPathsInMetrics;
    this.routes = new RouteTemplates(routeRules);
    this.redaction = new UrlRedaction(redact, secretQueryParameters);
    this.requestIdHeader = emptyToNull(requestIdHeader);
    this.traceIdResponseHeader = emptyToNull(traceIdResponseHeader);
  }

  public static void install(HttpSettings settings) {
    current = settings;
  }

  static HttpSettings current() {
    return current;
  }

  boolean isExcluded(String path) {
    for (PathGlob glob : excludedPaths) {
      if (glob.matches(path)) {
        return true;
      }
    }
    return false;
  }

  /** The header name advice reads and echoes for request ids, or null when the feature is off. */
  public static String requestIdHeader() {
    return current.requestIdHeader;
  }

  /** The response header advice sets with the trace id, or null when off. */
  public static String traceIdResponseHeader() {
    return current.traceIdResponseHeader;
  }

  private static String emptyToNull(String value) {
    return value == null || value.trim().isEmpty() ? null : value.trim();
  }
}
