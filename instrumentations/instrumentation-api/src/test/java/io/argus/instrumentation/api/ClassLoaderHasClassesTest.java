package io.argus.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The version check: a class loader matches only when it can see every named class. */
class ClassLoaderHasClassesTest {
  private final ClassLoader testLoader = ClassLoaderHasClassesTest.class.getClassLoader();

  @Test
  void aLoaderThatSeesEveryNamedClassMatches() {
    ClassLoaderHasClasses matcher =
        new ClassLoaderHasClasses("java.lang.String", ClassLoaderHasClassesTest.class.getName());
    assertThat(matcher.matches(testLoader)).isTrue();
  }

  @Test
  void oneMissingClassIsEnoughToSkipTheLoader() {
    ClassLoaderHasClasses matcher =
        new ClassLoaderHasClasses(ClassLoaderHasClassesTest.class.getName(), "com.example.Missing");
    assertThat(matcher.matches(testLoader)).isFalse();
  }

  @Test
  void theAnswerFollowsEachLoaderAndTheBootstrapLoaderNeverMatches() throws Exception {
    ClassLoaderHasClasses matcher = new ClassLoaderHasClasses(ClassLoaderHasClassesTest.class.getName());
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(matcher.matches(testLoader)).isTrue();
      assertThat(matcher.matches(empty)).isFalse();
      assertThat(matcher.matches(null)).isFalse();
    }
  }
}
