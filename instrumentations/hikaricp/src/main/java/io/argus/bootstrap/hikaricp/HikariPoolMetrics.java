package io.argus.bootstrap.hikaricp;

import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.metrics.CallbackGauge;
import io.argus.bootstrap.metrics.DurationHistogram;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HikariCP pools as metrics, in the spirit of the OpenTelemetry database client metrics:
 * {@code db_client_connection_count{pool_name,state="idle"|"used"}}, {@code db_client_connection_pending_requests},
 * {@code db_client_connection_max}, read from the live pools at each scrape, and
 * {@code db_client_connection_wait_time_seconds}, the time {@code getConnection} took (timeouts included).
 *
 * <p>The pool's numbers change inside HikariCP (its housekeeper, connections returned), where no instrumented call
 * sees them, so they are read when scraped. This class lives on the bootstrap class path and cannot link against the
 * application's HikariCP; it calls the pool's public management interfaces ({@code HikariPoolMXBean},
 * {@code HikariConfigMXBean}) reflectively, on the scrape thread only. Pools are held weakly and forgotten at
 * {@code shutdown()}; pools sharing a name are added up under it.
 */
public final class HikariPoolMetrics {
  static final String INSTRUMENTATION = "hikaricp";

  static final DurationHistogram WAIT_TIME =
      DurationHistogram.create(
          "db_client_connection_wait_time_seconds",
          "Time to obtain a connection from the pool (HikariCP getConnection, timeouts included)",
          DurationHistogram.DB_BUCKETS,
          "pool_name");

  private static final CopyOnWriteArrayList<TrackedPool> POOLS = new CopyOnWriteArrayList<TrackedPool>();

  private static final int IDLE = 0;
  private static final int USED = 1;
  private static final int PENDING = 2;
  private static final int MAX = 3;

  static final CallbackGauge CONNECTION_COUNT =
      CallbackGauge.create(
          "db_client_connection_count",
          "Connections in the pool, by state: idle or used",
          new CallbackGauge.Callback() {
            @Override
            public void observe(CallbackGauge.Observer observer) {
              for (Map.Entry<String, long[]> pool : snapshot().entrySet()) {
                observer.value(pool.getValue()[IDLE], pool.getKey(), "idle");
                observer.value(pool.getValue()[USED], pool.getKey(), "used");
              }
            }
          },
          "pool_name",
          "state");

  static final CallbackGauge PENDING_REQUESTS = gauge("db_client_connection_pending_requests",
      "Threads waiting for a connection from the pool", PENDING);

  static final CallbackGauge MAX_CONNECTIONS = gauge("db_client_connection_max",
      "Maximum number of connections the pool allows (maximumPoolSize)", MAX);

  private HikariPoolMetrics() {}

  /** A new pool ({@code HikariPool} constructed), or one seen for the first time after a late attach. */
  public static void register(Object pool, String poolName, Object config) {
    try {
      if (pool != null && find(pool) == null) {
        POOLS.add(new TrackedPool(pool, poolName, config));
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** {@code HikariPool.shutdown()}: the pool's series disappear. */
  public static void unregister(Object pool) {
    try {
      TrackedPool tracked = find(pool);
      if (tracked != null) {
        POOLS.remove(tracked);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** {@code HikariPool.getConnection(timeout)} returned or threw after starting at {@code startNanos}. */
  public static void recordWait(Object pool, String poolName, Object config, long startNanos) {
    try {
      WAIT_TIME.record(System.nanoTime() - startNanos, poolName == null ? "" : poolName);
      register(pool, poolName, config);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** idle, used, pending, max per pool name, read now. */
  static Map<String, long[]> snapshot() {
    Map<String, long[]> values = new LinkedHashMap<String, long[]>();
    List<TrackedPool> gone = new ArrayList<TrackedPool>();
    for (TrackedPool tracked : POOLS) {
      long[] read = tracked.read();
      if (read == null) {
        gone.add(tracked);
        continue;
      }
      long[] sum = values.get(tracked.name);
      if (sum == null) {
        values.put(tracked.name, read);
      } else {
        for (int i = 0; i < sum.length; i++) {
          sum[i] += read[i];
        }
      }
    }
    POOLS.removeAll(gone);
    return values;
  }

  static int trackedPools() {
    return POOLS.size();
  }

  private static CallbackGauge gauge(String name, String help, final int index) {
    return CallbackGauge.create(
        name,
        help,
        new CallbackGauge.Callback() {
          @Override
          public void observe(CallbackGauge.Observer observer) {
            for (Map.Entry<String, long[]> pool : snapshot().entrySet()) {
              observer.value(pool.getValue()[index], pool.getKey());
            }
          }
        },
        "pool_name");
  }

  private static TrackedPool find(Object pool) {
    for (TrackedPool tracked : POOLS) {
      if (tracked.pool.get() == pool) {
        return tracked;
      }
    }
    return null;
  }

  /** One pool, weakly: its management methods resolved once, from the pool's own class loader. */
  private static final class TrackedPool {
    final WeakReference<Object> pool;
    final WeakReference<Object> config;
    final String name;
    private Method idle;
    private Method active;
    private Method waiting;
    private Method maximumPoolSize;
    private boolean failed;

    TrackedPool(Object pool, String name, Object config) {
      this.pool = new WeakReference<Object>(pool);
      this.config = new WeakReference<Object>(config);
      this.name = name == null ? "" : name;
    }

    /** The current numbers, or null when the pool is gone or cannot be read. */
    synchronized long[] read() {
      Object livePool = pool.get();
      Object liveConfig = config.get();
      if (livePool == null || failed) {
        return null;
      }
      try {
        if (idle == null) {
          ClassLoader loader = livePool.getClass().getClassLoader();
          Class<?> poolBean = Class.forName("com.zaxxer.hikari.HikariPoolMXBean", false, loader);
          Class<?> configBean = Class.forName("com.zaxxer.hikari.HikariConfigMXBean", false, loader);
          active = poolBean.getMethod("getActiveConnections");
          waiting = poolBean.getMethod("getThreadsAwaitingConnection");
          maximumPoolSize = configBean.getMethod("getMaximumPoolSize");
          idle = poolBean.getMethod("getIdleConnections");
        }
        long[] values = new long[4];
        values[IDLE] = ((Number) idle.invoke(livePool)).longValue();
        values[USED] = ((Number) active.invoke(livePool)).longValue();
        values[PENDING] = ((Number) waiting.invoke(livePool)).longValue();
        values[MAX] = liveConfig == null ? 0 : ((Number) maximumPoolSize.invoke(liveConfig)).longValue();
        return values;
      } catch (Throwable t) {
        failed = true; // a HikariCP whose management interfaces differ: report once, then leave it out
        InstrumentationErrors.record(INSTRUMENTATION, t);
        return null;
      }
    }
  }
}
