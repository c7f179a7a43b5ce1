package io.argus.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class TypeDescriptionCacheTest {
  private static TypePool.Resolution resolved(Class<?> type) {
    return new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(type));
  }

  @Test
  void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsedType() {
    TypeDescriptionCache.LeastRecentlyUsed cache = new TypeDescriptionCache.LeastRecentlyUsed(2);
    cache.register("java.lang.String", resolved(String.class));
    cache.register("java.lang.Integer", resolved(Integer.class));
    cache.find("java.lang.String"); // used again: Integer is now the least recently used
    cache.register("java.lang.Long", resolved(Long.class));

    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.find("java.lang.Integer")).isNull();
    assertThat(cache.find("java.lang.String").resolve().getName()).isEqualTo("java.lang.String");
    assertThat(cache.find("java.lang.Long").resolve().getName()).isEqualTo("java.lang.Long");
  }

  @Test
  void aTypeThatCouldNotBeFoundIsNotRememberedSinceItMayBeDefinedLater() {
    TypeDescriptionCache.LeastRecentlyUsed cache = new TypeDescriptionCache.LeastRecentlyUsed(8);
    TypePool.Resolution missing = new TypePool.Resolution.Illegal("com.example.NotYetGenerated");

    assertThat(cache.register("com.example.NotYetGenerated", missing)).isSameAs(missing);
    assertThat(cache.find("com.example.NotYetGenerated")).isNull();
  }

  @Test
  void theFirstRegistrationOfATypeWins() {
    TypeDescriptionCache.LeastRecentlyUsed cache = new TypeDescriptionCache.LeastRecentlyUsed(8);
    TypePool.Resolution first = resolved(String.class);
    cache.register("java.lang.String", first);

    assertThat(cache.register("java.lang.String", resolved(String.class))).isSameAs(first);
  }

  @Test
  void eachClassLoaderHasItsOwnCacheAndTheBootstrapLoaderOneToo() throws Exception {
    TypeDescriptionCache caches = new TypeDescriptionCache();
    try (URLClassLoader one = new URLClassLoader(new URL[0]);
        URLClassLoader other = new URLClassLoader(new URL[0])) {
      assertThat(caches.locate(one)).isSameAs(caches.locate(one));
      assertThat(caches.locate(one)).isNotSameAs(caches.locate(other));
      assertThat(caches.locate(null)).isSameAs(caches.locate(null)).isNotSameAs(caches.locate(one));
    }
  }

  @Test
  void dropsEverythingOnceNoClassWasMatchedForTheIdleTimeAndFillsAgainAfterwards() throws Exception {
    TypeDescriptionCache caches = new TypeDescriptionCache(java.util.concurrent.TimeUnit.SECONDS.toNanos(30));
    try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
      TypePool.CacheProvider before = caches.locate(loader);
      caches.locate(null).register("java.lang.String", resolved(String.class));
      long now = System.nanoTime();

      assertThat(caches.clearIfIdle(now)).isEqualTo(Long.MIN_VALUE);
      assertThat(caches.loaderCount()).isEqualTo(1);

      assertThat(caches.clearIfIdle(now + java.util.concurrent.TimeUnit.SECONDS.toNanos(31)))
          .isNotEqualTo(Long.MIN_VALUE);
      assertThat(caches.loaderCount()).isZero();
      assertThat(caches.locate(null).find("java.lang.String")).isNull();
      assertThat(caches.locate(loader)).isNotSameAs(before);
    }
  }

  @Test
  void aShortIdleTimeDropsTheCacheInTheBackground() throws Exception {
    TypeDescriptionCache caches = new TypeDescriptionCache(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(50));
    caches.locate(null).register("java.lang.String", resolved(String.class));
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (caches.locate(null).find("java.lang.String") != null && System.nanoTime() < deadline) {
      Thread.sleep(200); // longer than the idle time: each locate() below is a use
    }
    assertThat(caches.locate(null).find("java.lang.String")).isNull();
  }
}
