package io.argus.agent.config;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What must never be printed: values of settings whose names look secret, and the credentials a URL can carry
 * ({@code user:password@}, {@code ?token=...}). Used wherever configuration is shown: {@code /status}, the agent's log
 * lines, configuration error messages.
 */
public final class SecretText {
  public static final String MASK = "****";

  /** Words that, as one segment of a setting name (split at '.', '-' and '_'), make its value a secret. */
  private static final Set<String> SECRET_NAME_WORDS = new HashSet<String>(Arrays.asList(
      "headers", "token", "password", "passwd", "pwd", "secret", "key", "apikey", "credential", "credentials"));

  /** Parts of query parameter names whose values are hidden in URLs shown by the agent. */
  private static final String[] SECRET_QUERY_PARTS = {
    "token", "password", "passwd", "pwd", "secret", "key", "auth", "signature", "sig", "session", "credential"
  };

  private SecretText() {}

  /** {@code otel.exporter.otlp.headers}, {@code argus.endpoint.auth.bearer.token}, {@code ...password}, ... */
  static boolean looksSecret(String settingName) {
    for (String word : settingName.toLowerCase(Locale.ROOT).split("[._-]")) {
      if (SECRET_NAME_WORDS.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The URL with its user info and the values of secret-looking query parameters replaced by {@value #MASK};
   * anything that is not a URL is returned as it is. Null stays null.
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    String result = url;
    int scheme = result.indexOf("://");
    if (scheme > 0) {
      int authorityStart = scheme + 3;
      int authorityEnd = authorityStart;
      while (authorityEnd < result.length() && "/?#".indexOf(result.charAt(authorityEnd)) < 0) {
        authorityEnd++;
      }
      int at = result.lastIndexOf('@', authorityEnd - 1);
      if (at >= authorityStart) {
        result = result.substring(0, authorityStart) + MASK + result.substring(at);
      }
    }
    int question = result.indexOf('?');
    if (question < 0) {
      return result;
    }
    int hash = result.indexOf('#', question);
    int queryEnd = hash < 0 ? result.length() : hash;
    StringBuilder out = new StringBuilder(result.length()).append(result, 0, question + 1);
    int start = question + 1;
    while (start <= queryEnd) {
      int end = result.indexOf('&', start);
      if (end < 0 || end > queryEnd) {
        end = queryEnd;
      }
      int equals = result.indexOf('=', start);
      if (equals >= 0 && equals < end && isSecretParameter(result.substring(start, equals))) {
        out.append(result, start, equals + 1).append(MASK);
      } else {
        out.append(result, start, end);
      }
      if (end < queryEnd) {
        out.append('&');
      }
      start = end + 1;
    }
    return out.append(result, queryEnd, result.length()).toString();
  }

  private static boolean isSecretParameter(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String part : SECRET_QUERY_PARTS) {
      if (lower.contains(part)) {
        return true;
      }
    }
    return false;
  }
}
