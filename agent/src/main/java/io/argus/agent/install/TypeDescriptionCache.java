package io.argus.agent.install;

import io.argus.bootstrap.AgentThread;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.pool.TypePool;

/**
 * The type descriptions Byte Buddy matches against, kept per class loader across class loads. Without it every
 * class load builds a fresh type pool, and a {@code hasSuperType} matcher (JDBC, servlets) re-reads and re-parses
 * the class file of every ancestor of every class the application loads: half of a Spring Boot application's
 * start-up went there. With it, the common ancestors are parsed once.
 *
 * <p>Bounded, so the agent's heap stays small: the {@value #TYPES_PER_LOADER} most recently used descriptions per
 * class loader (the ancestors that keep coming back stay; a class seen once falls out). Loaders are held weakly and
 * the cached descriptions reach their loader only through a weak reference ({@code LocationStrategy.WEAK}), so an
 * undeployed web application's loader can still be collected.
 *
 * <p>A description nobody asked for during {@value #SWEEPS_UNUSED} sweeps ({@value #SWEEP_SECONDS} s apart) is dropped:
 * a lazily resolved description keeps its class file's bytes, and after start-up the cache would otherwise hold
 * megabytes nothing reads (3.5 MB in a Spring Boot service). The {@code argus-type-cache} daemon thread sweeps; it is
 * started with the agent, never from a class-loading thread, which would hand it that thread's context class loader
 * (an undeployed web application's, kept alive). Each look-up stamps its entry with the sweep count, so the
 * class-loading path reads no clock.
 */
final class TypeDescriptionCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  static final int TYPES_PER_LOADER = 256;
  static final int SWEEP_SECONDS = 10;
  static final int SWEEPS_UNUSED = 3;

  private final Map<ClassLoader, LeastRecentlyUsed> byLoader =
      Collections.synchronizedMap(new WeakHashMap<ClassLoader, LeastRecentlyUsed>());
  /** Sweeps so far: the clock of the entries' last use. */
  private final AtomicInteger sweeps = new AtomicInteger();
  /** The bootstrap loader is {@code null}, which a WeakHashMap cannot hold as a weak key. */
  private final LeastRecentlyUsed bootstrap = new LeastRecentlyUsed(TYPES_PER_LOADER, sweeps);
  private final long sweepIntervalNanos;

  TypeDescriptionCache() {
    this(TimeUnit.SECONDS.toNanos(SWEEP_SECONDS));
  }

  TypeDescriptionCache(long sweepIntervalNanos) {
    // FAST: method bodies are never read for matching. EXTENDED laziness: name, super class, interfaces and the
    // interface/abstract flags come from the class-file header; members are parsed only when a matcher or the
    // transformation asks for them (see ImplementationOf).
    super(TypePool.Default.ReaderMode.FAST, TypePool.Default.WithLazyResolution.LazinessMode.EXTENDED);
    this.sweepIntervalNanos = sweepIntervalNanos;
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    if (loader == null) {
      return bootstrap;
    }
    synchronized (byLoader) {
      LeastRecentlyUsed cache = byLoader.get(loader);
      if (cache == null) {
        cache = new LeastRecentlyUsed(TYPES_PER_LOADER, sweeps);
        byLoader.put(loader, cache);
      }
      return cache;
    }
  }

  /**
   * Counts a sweep and drops the descriptions not used during the last {@value #SWEEPS_UNUSED}, and the caches of
   * loaders left with none. Returns how many descriptions remain.
   */
  int sweep() {
    int oldestKept = sweeps.incrementAndGet() - SWEEPS_UNUSED;
    int remaining = bootstrap.dropUnusedBefore(oldestKept);
    synchronized (byLoader) {
      Iterator<LeastRecentlyUsed> caches = byLoader.values().iterator();
      while (caches.hasNext()) {
        int left = caches.next().dropUnusedBefore(oldestKept);
        if (left == 0) {
          caches.remove();
        }
        remaining += left;
      }
    }
    return remaining;
  }

  int descriptionCount() {
    int count = bootstrap.size();
    synchronized (byLoader) {
      for (LeastRecentlyUsed cache : byLoader.values()) {
        count += cache.size();
      }
    }
    return count;
  }

  int loaderCount() {
    synchronized (byLoader) {
      return byLoader.size();
    }
  }

  /** Starts the daemon thread that sweeps every interval, for the JVM's life; interrupting it stops it. */
  Thread startSweeping() {
    Thread sweeper =
        new AgentThread(
            new Runnable() {
              @Override
              public void run() {
                try {
                  while (true) {
                    TimeUnit.NANOSECONDS.sleep(sweepIntervalNanos);
                    sweep();
                  }
                } catch (InterruptedException e) {
                  // stopped
                }
              }
            },
            "argus-type-cache");
    sweeper.start();
    return sweeper;
  }

  /** A bounded, thread-safe cache: class loading happens on many threads at once. */
  static final class LeastRecentlyUsed implements TypePool.CacheProvider {
    private final Map<String, CachedType> entries;
    private final AtomicInteger sweeps;

    LeastRecentlyUsed(final int capacity, AtomicInteger sweeps) {
      this.sweeps = sweeps;
      this.entries =
          new LinkedHashMap<String, CachedType>(capacity * 4 / 3 + 1, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CachedType> eldest) {
              return size() > capacity;
            }
          };
    }

    @Override
    public synchronized TypePool.Resolution find(String name) {
      CachedType entry = entries.get(name);
      if (entry == null) {
        return null;
      }
      entry.lastUsed = sweeps.get();
      return entry.resolution;
    }

    @Override
    public synchronized TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (!resolution.isResolved()) {
        return resolution; // not found now is not "never found": the class may be defined later
      }
      CachedType previous = entries.get(name);
      if (previous != null) {
        return previous.resolution;
      }
      entries.put(name, new CachedType(resolution, sweeps.get()));
      return resolution;
    }

    @Override
    public synchronized void clear() {
      entries.clear();
    }

    synchronized int size() {
      return entries.size();
    }

    /** Drops the entries last used before sweep {@code oldestKept}; returns how many are left. */
    synchronized int dropUnusedBefore(int oldestKept) {
      Iterator<CachedType> all = entries.values().iterator();
      while (all.hasNext()) {
        if (all.next().lastUsed < oldestKept) {
          all.remove();
        }
      }
      return entries.size();
    }
  }

  private static final class CachedType {
    final TypePool.Resolution resolution;
    int lastUsed;

    CachedType(TypePool.Resolution resolution, int lastUsed) {
      this.resolution = resolution;
      this.lastUsed = lastUsed;
    }
  }
}
