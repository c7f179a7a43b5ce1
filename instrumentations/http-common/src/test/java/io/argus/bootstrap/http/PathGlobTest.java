package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathGlobTest {
  @Test
  void starsMatchAnyCharactersIncludingSlashes() {
    assertThat(new PathGlob("/health*").matches("/health/live")).isTrue();
    assertThat(new PathGlob("*.css").matches("/static/site.css")).isTrue();
    assertThat(new PathGlob("/static/*").matches("/static/a/b.png")).isTrue();
    assertThat(new PathGlob("/metrics").matches("/metrics")).isTrue();
    assertThat(new PathGlob("/metrics").matches("/metrics/x")).isFalse();
    assertThat(new PathGlob("*.css").matches("/site.cs")).isFalse();
  }

  @Test
  void theShortcutsForOneStarAnswerAsTheGeneralMatcherDoes() {
    String[] paths = {"", "/", "/site.css", ".css", "/site.css/x", "/health", "/healthz/live", "/a", "/b/a", "/metrics"};
    for (String pattern : new String[] {"*.css", "/health*", "*", "/a*", "/metrics"}) {
      // "**" means what "*" means, but two stars always take the general two-pointer matcher.
      PathGlob general = new PathGlob(pattern.contains("*") ? pattern.replace("*", "**") : pattern + "**");
      for (String path : paths) {
        boolean expected = pattern.contains("*") ? general.matches(path) : path.equals(pattern);
        assertThat(new PathGlob(pattern).matches(path)).as(pattern + " on " + path).isEqualTo(expected);
      }
    }
  }

  @Test
  void aHostilePathCannotMakeMatchingExplode() {
    PathGlob glob = new PathGlob("*a*a*a*a*a*a*a*a*b");
    String path = "a".repeat(20_000);
    long start = System.nanoTime();
    assertThat(glob.matches(path)).isFalse();
    // Quadratic at worst: well under a second here; an exponential matcher would never finish.
    assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
  }
}
