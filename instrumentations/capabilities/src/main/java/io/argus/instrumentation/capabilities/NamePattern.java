package io.argus.instrumentation.capabilities;

import java.util.regex.Pattern;

/**
 * A class or method name with wildcards: {@code *} stands for any characters within one segment of a dotted name
 * (so {@code com.acme.*Agent} does not reach into sub-packages), {@code **} for any characters including dots.
 * Compiled once; matching never builds strings.
 */
final class NamePattern {
  private final String text;
  private final Pattern regex; // null when the pattern has no wildcard
  private final String literalPrefix;

  private NamePattern(String text) {
    this.text = text;
    int star = text.indexOf('*');
    this.literalPrefix = star < 0 ? text : text.substring(0, star);
    this.regex = star < 0 ? null : Pattern.compile(toRegex(text));
  }

  static NamePattern of(String text) {
    return new NamePattern(text);
  }

  boolean matches(String name) {
    if (regex == null) {
      return text.equals(name);
    }
    return name.startsWith(literalPrefix) && regex.matcher(name).matches();
  }

  boolean hasWildcard() {
    return regex != null;
  }

  /** The part before the first wildcard: every matching name starts with it. */
  String literalPrefix() {
    return literalPrefix;
  }

  @Override
  public String toString() {
    return text;
  }

  private static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int literalStart = 0;
    for (int i = 0; i < glob.length(); i++) {
      if (glob.charAt(i) != '*') {
        continue;
      }
      if (i > literalStart) {
        regex.append(Pattern.quote(glob.substring(literalStart, i)));
      }
      if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        regex.append(".*");
        i++;
      } else {
        regex.append("[^.]*");
      }
      literalStart = i + 1;
    }
    if (literalStart < glob.length()) {
      regex.append(Pattern.quote(glob.substring(literalStart)));
    }
    return regex.toString();
  }
}
