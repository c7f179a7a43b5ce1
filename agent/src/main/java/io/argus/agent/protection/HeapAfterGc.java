package io.argus.agent.protection;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.argus.agent.log.AgentLog;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleSupplier;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The share of the maximum heap still in use right after the latest garbage collection: the live data plus what the
 * collector chose to keep, a far better sign of memory pressure than the current usage, which any allocation burst
 * pushes up. Read from the GC notifications the JVM sends after each collection (young ones included, so the figure
 * follows the application closely), summed over the heap pools.
 */
public final class HeapAfterGc implements DoubleSupplier, NotificationListener {
  private static final AgentLog LOG = AgentLog.get("breaker");

  private final Set<String> heapPools = new HashSet<String>();
  private final long maxHeap;
  private volatile double ratio = Double.NaN;

  private HeapAfterGc(long maxHeap) {
    this.maxHeap = maxHeap;
  }

  /** Listens to every collector of this JVM; a JVM without GC notifications leaves the ratio unknown (NaN). */
  public static HeapAfterGc listen() {
    HeapAfterGc heap = new HeapAfterGc(Runtime.getRuntime().maxMemory());
    try {
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          heap.heapPools.add(pool.getName());
        }
      }
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        if (collector instanceof NotificationEmitter) {
          ((NotificationEmitter) collector).addNotificationListener(heap, null, null);
        }
      }
    } catch (Throwable t) {
      LOG.error("gc_notifications_unavailable", t, "consequence", "the heap-pressure breaker is off");
    }
    return heap;
  }

  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    try {
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      long used = 0;
      for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(pool.getKey())) {
          used += pool.getValue().getUsed();
        }
      }
      if (maxHeap > 0) {
        ratio = (double) used / maxHeap;
      }
    } catch (Throwable t) {
      LOG.once(AgentLog.Level.ERROR, "gc-notification", "gc_notification_unreadable", t);
    }
  }

  @Override
  public double getAsDouble() {
    return ratio;
  }
}
