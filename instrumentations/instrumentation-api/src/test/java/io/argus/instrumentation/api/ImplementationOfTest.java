package io.argus.instrumentation.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Serializable;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/** Matching against descriptions read from real class files, by a type pool set up as the agent sets up its own. */
class ImplementationOfTest {
  interface Marker {}

  interface SubMarker extends Marker {}

  abstract static class Base implements SubMarker {}

  static class Leaf extends Base implements Serializable {}

  static class LeafAlsoMarkedDirectly extends Base implements Marker {}

  static class Unrelated implements Serializable {}

  private final ImplementationOf marked = new ImplementationOf(Marker.class.getName());

  @Test
  void aClassImplementingTheTypeThroughItsSuperClassAndASubInterfaceMatches() {
    assertThat(marked.matches(describe(Leaf.class))).isTrue();
  }

  @Test
  void anAbstractClassImplementingTheTypeMatches() {
    assertThat(marked.matches(describe(Base.class))).isTrue();
  }

  @Test
  void theNamedClassItselfMatches() {
    assertThat(new ImplementationOf(Base.class.getName()).matches(describe(Base.class))).isTrue();
  }

  @Test
  void interfacesNeverMatchEvenWhenTheyExtendTheType() {
    assertThat(marked.matches(describe(SubMarker.class))).isFalse();
    assertThat(marked.matches(describe(Marker.class))).isFalse();
  }

  @Test
  void aClassOutsideTheHierarchyDoesNotMatch() {
    assertThat(marked.matches(describe(Unrelated.class))).isFalse();
  }

  @Test
  void anyOfSeveralNamesIsEnough() {
    ImplementationOf either = new ImplementationOf("com.example.Absent", Serializable.class.getName());
    assertThat(either.matches(describe(Unrelated.class))).isTrue();
  }

  @Test
  void anAncestorWithoutAClassFileIsSkippedAndTheOtherAncestorsStillCount() {
    TypePool pool = agentLikePool(new WithoutClassFile(Base.class.getName()));
    assertThat(marked.matches(pool.describe(Leaf.class.getName()).resolve())).isFalse();
    assertThat(marked.matches(pool.describe(LeafAlsoMarkedDirectly.class.getName()).resolve())).isTrue();
  }

  private static TypeDescription describe(Class<?> type) {
    return agentLikePool(ClassFileLocator.ForClassLoader.of(type.getClassLoader())).describe(type.getName()).resolve();
  }

  /** As TypeDescriptionCache configures the agent's pool: headers first, members only when asked for. */
  private static TypePool agentLikePool(ClassFileLocator locator) {
    return new TypePool.Default.WithLazyResolution(
        new TypePool.CacheProvider.Simple(),
        locator,
        TypePool.Default.ReaderMode.FAST,
        TypePool.Default.WithLazyResolution.LazinessMode.EXTENDED);
  }

  /** The test class loader's class files, but for one class, as if its jar were missing from the class path. */
  private static final class WithoutClassFile implements ClassFileLocator {
    private final String missing;
    private final ClassFileLocator classPath = ClassFileLocator.ForClassLoader.of(ImplementationOfTest.class.getClassLoader());

    WithoutClassFile(String missing) {
      this.missing = missing;
    }

    @Override
    public Resolution locate(String name) throws IOException {
      return name.equals(missing) ? new Resolution.Illegal(name) : classPath.locate(name);
    }

    @Override
    public void close() throws IOException {
      classPath.close();
    }
  }
}
