package io.argus.bootstrap.http;

import java.util.List;
import java.util.Locale;

/**
 * Keeps secrets out of telemetry: drops {@code user:password@} from URLs and replaces the values of query parameters
 * whose names look secret ({@code token}, {@code password}, {@code signature}, ...) with {@code REDACTED}.
 */
final class UrlRedaction {
  static final String REDACTED = "REDACTED";

  private final boolean enabled;
  private final String[] secretNameParts;

  UrlRedaction(boolean enabled, List<String> secretNameParts) {
    this.enabled = enabled;
    this.secretNameParts = new String[secretNameParts.size()];
    for (int i = 0; i < secretNameParts.size(); i++) {
      this.secretNameParts[i] = secretNameParts.get(i).toLowerCase(Locale.ROOT);
    }
  }

  /** A full URL without user info and with secret query values replaced. */
  String url(String url) {
    if (url == null || !enabled) {
      return url;
    }
    String result = url;
    int scheme = result.indexOf("://");
    if (scheme > 0) {
      int authorityStart = scheme + 3;
      int authorityEnd = indexOfAny(result, authorityStart, "/?#");
      int at = result.lastIndexOf('@', authorityEnd - 1);
      if (at >= authorityStart) {
        result = result.substring(0, authorityStart) + result.substring(at + 1);
      }
    }
    int question = result.indexOf('?');
    if (question < 0) {
      return result;
    }
    int hash = result.indexOf('#', question);
    String query = hash < 0 ? result.substring(question + 1) : result.substring(question + 1, hash);
    String redacted = query(query);
    if (redacted.equals(query)) {
      return result;
    }
    return result.substring(0, question + 1) + redacted + (hash < 0 ? "" : result.substring(hash));
  }

  /** A query string ({@code a=1&token=x}) with secret values replaced; null stays null. */
  String query(String query) {
    if (query == null || !enabled || query.isEmpty()) {
      return query;
    }
    StringBuilder out = null;
    int start = 0;
    while (start <= query.length()) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = query.length();
      }
      int equals = query.indexOf('=', start);
      boolean secret = equals >= 0 && equals < end && isSecret(query, start, equals);
      if (secret && out == null) {
        out = new StringBuilder(query.length());
        out.append(query, 0, start);
      }
      if (out != null) {
        if (secret) {
          out.append(query, start, equals + 1).append(REDACTED);
        } else {
          out.append(query, start, end);
        }
        if (end < query.length()) {
          out.append('&');
        }
      }
      start = end + 1;
    }
    return out == null ? query : out.toString();
  }

  private boolean isSecret(String query, int from, int to) {
    String name = query.substring(from, to).toLowerCase(Locale.ROOT);
    for (String part : secretNameParts) {
      if (name.contains(part)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }
}
