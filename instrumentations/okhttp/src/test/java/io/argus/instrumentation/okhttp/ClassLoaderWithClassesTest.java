package io.argus.instrumentation.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The version check: a class loader matches only when it can see every named class. */
class ClassLoaderWithClassesTest {
  private final ClassLoader testLoader = ClassLoaderWithClassesTest.class.getClassLoader();

  @Test
  void aLoaderThatSeesEveryNamedClassMatches() {
    ClassLoaderWithClasses matcher =
        new ClassLoaderWithClasses("java.lang.String", ClassLoaderWithClassesTest.class.getName());
    assertThat(matcher.matches(testLoader)).isTrue();
  }

  @Test
  void oneMissingClassIsEnoughToSkipTheLoader() {
    ClassLoaderWithClasses matcher =
        new ClassLoaderWithClasses(ClassLoaderWithClassesTest.class.getName(), "com.example.Missing");
    assertThat(matcher.matches(testLoader)).isFalse();
  }

  @Test
  void theAnswerFollowsEachLoaderAndTheBootstrapLoaderNeverMatches() throws Exception {
    ClassLoaderWithClasses matcher = new ClassLoaderWithClasses(ClassLoaderWithClassesTest.class.getName());
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      assertThat(matcher.matches(testLoader)).isTrue();
      assertThat(matcher.matches(empty)).isFalse();
      assertThat(matcher.matches(null)).isFalse();
    }
  }
}
