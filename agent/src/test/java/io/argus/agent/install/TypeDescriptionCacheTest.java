package io.argus.agent.install;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

class TypeDescriptionCacheTest {
  private static TypePool.Resolution resolved(Class<?> type) {
    return new TypePool.Resolution.Simple(TypeDescription.ForLoadedType.of(type));
  }

  @Test
  void keepsAtMostItsCapacityDroppingTheLeastRecentlyUsedType() {
    TypeDescriptionCache.LeastRecentlyUsed cache = new TypeDescriptionCache.LeastRecentlyUsed(2, new java.util.concurrent.atomic.AtomicInteger());
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
    TypeDescriptionCache.LeastRecentlyUsed cache = new TypeDescriptionCache.LeastRecentlyUsed(8, new java.util.concurrent.atomic.AtomicInteger());
    TypePool.Resolution missing = new TypePool.Resolution.Illegal("com.example.NotYetGenerated");

    assertThat(cache.register("com.example.NotYetGenerated", missing)).isSameAs(missing);
    assertThat(cache.find("com.example.NotYetGenerated")).isNull();
  }

  @Test
  void theFirstRegistrationOfATypeWins() {
    TypeDescriptionCache.LeastRecentlyUsed cache = new TypeDescriptionCache.LeastRecentlyUsed(8, new java.util.concurrent.atomic.AtomicInteger());
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
  void aDescriptionUnusedForThreeSweepsIsDroppedAndOneInUseStays() throws Exception {
    TypeDescriptionCache caches = new TypeDescriptionCache(TimeUnit.HOURS.toNanos(1)); // sweeps only when told
    try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
      caches.locate(loader).register("java.lang.Integer", resolved(Integer.class));
      caches.locate(null).register("java.lang.String", resolved(String.class));
      caches.locate(null).register("java.lang.Long", resolved(Long.class));

      for (int sweep = 1; sweep <= 3; sweep++) {
        assertThat(caches.sweep()).isEqualTo(3);
        caches.locate(null).find("java.lang.Long"); // in use: stays
      }
      assertThat(caches.sweep()).isEqualTo(1);
      assertThat(caches.locate(null).find("java.lang.String")).isNull();
      assertThat(caches.locate(null).find("java.lang.Long")).isNotNull();
      assertThat(caches.loaderCount()).isZero(); // the loader's cache emptied and went
    }
  }

  @Test
  void theSweeperEmptiesAnIdleCacheInTheBackground() throws Exception {
    TypeDescriptionCache caches = new TypeDescriptionCache(TimeUnit.MILLISECONDS.toNanos(20));
    caches.locate(null).register("java.lang.String", resolved(String.class));
    Thread sweeper = caches.startSweeping();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (caches.descriptionCount() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(caches.descriptionCount()).isZero();
    } finally {
      sweeper.interrupt();
    }
  }
}
