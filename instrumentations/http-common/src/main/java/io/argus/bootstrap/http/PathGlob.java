package io.argus.bootstrap.http;

/**
 * A path pattern for excluded paths: {@code *} matches any run of characters, slashes included ({@code /health*},
 * {@code *.css}, {@code /static/*}). Matched with the classic two-pointer algorithm that backtracks only to the last
 * star: O(pattern × path) at worst, never exponential, whatever a client sends. The common shapes (the defaults are
 * all {@code *.ext}) skip it: every request is checked against every pattern.
 */
final class PathGlob {
  private static final int EXACT = 0;
  private static final int SUFFIX = 1; // *literal
  private static final int PREFIX = 2; // literal*
  private static final int GLOB = 3;

  private final String pattern;
  private final int shape;
  /** The pattern without its star, for the three simple shapes. */
  private final String literal;

  PathGlob(String pattern) {
    this.pattern = pattern;
    int first = pattern.indexOf('*');
    int last = pattern.lastIndexOf('*');
    if (first < 0) {
      shape = EXACT;
      literal = pattern;
    } else if (first != last) {
      shape = GLOB;
      literal = null;
    } else if (first == 0) {
      shape = SUFFIX;
      literal = pattern.substring(1);
    } else if (first == pattern.length() - 1) {
      shape = PREFIX;
      literal = pattern.substring(0, first);
    } else {
      shape = GLOB;
      literal = null;
    }
  }

  boolean matches(String path) {
    switch (shape) {
      case EXACT:
        return path.equals(literal);
      case SUFFIX:
        return path.endsWith(literal);
      case PREFIX:
        return path.startsWith(literal);
      default:
        return globMatches(path);
    }
  }

  private boolean globMatches(String path) {
    int p = 0;
    int s = 0;
    int star = -1;
    int afterStar = 0;
    while (s < path.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        afterStar = s;
      } else if (p < pattern.length() && pattern.charAt(p) == path.charAt(s)) {
        p++;
        s++;
      } else if (star >= 0) {
        p = star + 1;
        s = ++afterStar;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
