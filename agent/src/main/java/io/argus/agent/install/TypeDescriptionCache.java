package io.argus.agent.install;

import io.argus.bootstrap.AgentThread;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Dropped whole once no class has been matched for {@value #IDLE_SECONDS} s: a lazily resolved description keeps its
 * class file's bytes, and after start-up the cache would otherwise hold megabytes nothing reads (2–3 MB in a Spring
 * Boot service). A {@code argus-type-cache} thread watches for the quiet, and ends after dropping the cache; the next
 * class load starts a new one.
 */
final class TypeDescriptionCache extends AgentBuilder.PoolStrategy.WithTypePoolCache {
  static final int TYPES_PER_LOADER = 256;
  static final int IDLE_SECONDS = 30;

  private final Map<ClassLoader, TypePool.CacheProvider> byLoader =
      Collections.synchronizedMap(new WeakHashMap<ClassLoader, TypePool.CacheProvider>());
  /** The bootstrap loader is {@code null}, which a WeakHashMap cannot hold as a weak key. */
  private final TypePool.CacheProvider bootstrap = new LeastRecentlyUsed(TYPES_PER_LOADER);
  private final long idleNanos;
  private final AtomicBoolean sweeperRunning = new AtomicBoolean();
  private volatile long lastUseNanos = System.nanoTime();

  TypeDescriptionCache() {
    this(TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
  }

  TypeDescriptionCache(long idleNanos) {
    // FAST: method bodies are never read for matching. EXTENDED laziness: name, super class, interfaces and the
    // interface/abstract flags come from the class-file header; members are parsed only when a matcher or the
    // transformation asks for them (see ImplementationOf).
    super(TypePool.Default.ReaderMode.FAST, TypePool.Default.WithLazyResolution.LazinessMode.EXTENDED);
    this.idleNanos = idleNanos;
  }

  @Override
  protected TypePool.CacheProvider locate(ClassLoader loader) {
    lastUseNanos = System.nanoTime();
    if (!sweeperRunning.get() && sweeperRunning.compareAndSet(false, true)) {
      new AgentThread(new IdleSweep(), "argus-type-cache").start();
    }
    if (loader == null) {
      return bootstrap;
    }
    synchronized (byLoader) {
      TypePool.CacheProvider cache = byLoader.get(loader);
      if (cache == null) {
        cache = new LeastRecentlyUsed(TYPES_PER_LOADER);
        byLoader.put(loader, cache);
      }
      return cache;
    }
  }

  /**
   * Drops every cached description if none was asked for during the idle time before {@code nowNanos}. Returns the
   * last-use time it saw when it dropped them, or {@code Long.MIN_VALUE} if it did not.
   */
  long clearIfIdle(long nowNanos) {
    long lastUse = lastUseNanos;
    if (nowNanos - lastUse < idleNanos) {
      return Long.MIN_VALUE;
    }
    synchronized (byLoader) {
      byLoader.clear();
    }
    bootstrap.clear();
    return lastUse;
  }

  int loaderCount() {
    synchronized (byLoader) {
      return byLoader.size();
    }
  }

  /** Waits for a quiet spell, drops the cache and ends, unless a class was matched meanwhile. */
  private final class IdleSweep implements Runnable {
    @Override
    public void run() {
      try {
        while (true) {
          TimeUnit.NANOSECONDS.sleep(idleNanos / 3 + 1);
          long clearedAt = clearIfIdle(System.nanoTime());
          if (clearedAt == Long.MIN_VALUE) {
            continue;
          }
          sweeperRunning.set(false);
          // A class matched between the check and now found the flag still set and started no sweeper: stay on.
          if (lastUseNanos == clearedAt || !sweeperRunning.compareAndSet(false, true)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        sweeperRunning.set(false);
      }
    }
  }

  /** A bounded, thread-safe cache: class loading happens on many threads at once. */
  static final class LeastRecentlyUsed implements TypePool.CacheProvider {
    private final Map<String, TypePool.Resolution> resolutions;

    LeastRecentlyUsed(final int capacity) {
      this.resolutions =
          new LinkedHashMap<String, TypePool.Resolution>(capacity * 4 / 3 + 1, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TypePool.Resolution> eldest) {
              return size() > capacity;
            }
          };
    }

    @Override
    public synchronized TypePool.Resolution find(String name) {
      return resolutions.get(name);
    }

    @Override
    public synchronized TypePool.Resolution register(String name, TypePool.Resolution resolution) {
      if (!resolution.isResolved()) {
        return resolution; // not found now is not "never found": the class may be defined later
      }
      TypePool.Resolution previous = resolutions.get(name);
      if (previous != null) {
        return previous;
      }
      resolutions.put(name, resolution);
      return resolution;
    }

    @Override
    public synchronized void clear() {
      resolutions.clear();
    }

    synchronized int size() {
      return resolutions.size();
    }
  }
}
