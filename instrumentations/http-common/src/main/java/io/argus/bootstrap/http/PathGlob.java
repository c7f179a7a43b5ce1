package io.argus.bootstrap.http;

/**
 * A path pattern for excluded paths: {@code *} matches any run of characters, slashes included ({@code /health*},
 * {@code *.css}, {@code /static/*}). Matched with the classic two-pointer algorithm that backtracks only to the last
 * star: O(pattern × path) at worst, never exponential, whatever a client sends.
 */
final class PathGlob {
  private final String pattern;

  PathGlob(String pattern) {
    this.pattern = pattern;
  }

  boolean matches(String path) {
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
