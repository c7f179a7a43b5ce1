package io.argus.bootstrap.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Low-cardinality route templates for span names and metric labels when the framework knows none: first the user's
 * rules ({@code /owners/*}{@code /pets/*} → {@code /owners/{id}/pets/{id}}), then a normaliser that replaces
 * identifier-like segments (numbers, UUIDs, long hex or mixed letters-and-digits tokens) with {@code {id}}.
 */
public final class RouteTemplates {
  static final String ID = "{id}";

  private final List<Rule> rules;

  RouteTemplates(List<String> ruleTexts) {
    List<Rule> parsed = new ArrayList<Rule>();
    for (String text : ruleTexts) {
      Rule rule = Rule.parse(text);
      if (rule != null) {
        parsed.add(rule);
      }
    }
    this.rules = Collections.unmodifiableList(parsed);
  }

  /** Checks a rule's syntax; returns null when fine, else what is wrong (for the configuration error line). */
  public static String validate(String ruleText) {
    return Rule.parse(ruleText) == null ? "expected /path/with/*/segments or /pattern=/template" : null;
  }

  /** The template for {@code path}: a user rule's, else the normalised path. Never the raw path with its ids. */
  String templateFor(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    for (int i = 0; i < rules.size(); i++) {
      String template = rules.get(i).apply(path);
      if (template != null) {
        return template;
      }
    }
    return normalise(path);
  }

  /** Replaces identifier-like segments with {id}; returns the same string when there are none. */
  static String normalise(String path) {
    StringBuilder out = null;
    int segmentStart = 0;
    for (int i = 0; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        if (i > segmentStart && looksLikeId(path, segmentStart, i)) {
          if (out == null) {
            out = new StringBuilder(path.length());
            out.append(path, 0, segmentStart);
          }
          out.append(ID);
        } else if (out != null) {
          out.append(path, segmentStart, i);
        }
        if (i < path.length() && out != null) {
          out.append('/');
        }
        segmentStart = i + 1;
      }
    }
    return out == null ? path : out.toString();
  }

  /**
   * A number; a UUID; 16+ hex digits; or a 16+ character token of letters and digits that contains a digit (an
   * opaque id, a hash). Words such as {@code owners} or {@code v2} stay.
   */
  static boolean looksLikeId(String s, int from, int to) {
    int length = to - from;
    boolean allDigits = true;
    boolean allHexOrDash = true;
    boolean anyDigit = false;
    boolean alphanumeric = true;
    int dashes = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      anyDigit |= digit;
      allDigits &= digit;
      if (c == '-') {
        dashes++;
      } else if (!hex) {
        allHexOrDash = false;
      }
      if (!digit && !Character.isLetter(c) && c != '-' && c != '_') {
        alphanumeric = false;
      }
    }
    if (allDigits) {
      return true;
    }
    if (allHexOrDash && length == 36 && dashes == 4) {
      return true; // UUID
    }
    if (allHexOrDash && dashes == 0 && length >= 16) {
      return true;
    }
    return alphanumeric && anyDigit && length >= 16;
  }

  /** {@code /a/*}{@code /b/*} (each * one segment, ** the rest) or {@code /pattern=/template}. */
  private static final class Rule {
    private final String[] segments;
    private final String template;

    private Rule(String[] segments, String template) {
      this.segments = segments;
      this.template = template;
    }

    static Rule parse(String text) {
      if (text == null) {
        return null;
      }
      String trimmed = text.trim();
      int equals = trimmed.indexOf('=');
      String pattern = equals < 0 ? trimmed : trimmed.substring(0, equals).trim();
      if (!pattern.startsWith("/") || pattern.contains("//")) {
        return null;
      }
      String template;
      if (equals < 0) {
        template = pattern.replace("**", ID).replace("*", ID);
      } else {
        template = trimmed.substring(equals + 1).trim();
        if (!template.startsWith("/")) {
          return null;
        }
      }
      return new Rule(pattern.substring(1).split("/", -1), template);
    }

    String apply(String path) {
      int segment = 0;
      int start = path.startsWith("/") ? 1 : 0;
      while (segment < segments.length) {
        String expected = segments[segment];
        if (expected.equals("**")) {
          return template;
        }
        if (start > path.length()) {
          return null;
        }
        int end = path.indexOf('/', start);
        if (end < 0) {
          end = path.length();
        }
        boolean wildcard = expected.equals("*") && end > start;
        boolean literal =
            expected.length() == end - start && path.regionMatches(start, expected, 0, expected.length());
        if (!wildcard && !literal) {
          return null;
        }
        segment++;
        start = end + 1;
      }
      return start > path.length() ? template : null;
    }
  }
}
