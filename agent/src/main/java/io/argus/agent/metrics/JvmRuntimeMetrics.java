package io.argus.agent.metrics;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.UnixOperatingSystemMXBean;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot.SummaryDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileReader;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The JVM and process metrics of {@code prometheus-metrics-instrumentation-jvm} 1.x ({@code JvmMetrics} without the
 * native memory ones): the same families, types, labels, help and units, so dashboards built for that library work
 * unchanged. The library spends a metric object, a builder and a callback lambda per family: 74 loaded classes in a
 * Spring Boot service. This is one class that builds the snapshots from the MXBeans at scrape time; no lambdas and no
 * switch on an enum, each of which would be a class of its own.
 */
public final class JvmRuntimeMetrics implements MultiCollector, NotificationListener {
  private static final File PROC_SELF_STATUS = new File("/proc/self/status");

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<MemoryPoolMXBean> memoryPools = ManagementFactory.getMemoryPoolMXBeans();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private final List<BufferPoolMXBean> bufferPools = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class);
  private final ClassLoadingMXBean classLoading = ManagementFactory.getClassLoadingMXBean();
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
  /** Null when the JVM has no JIT or does not time it: the library leaves the family out then. */
  private final CompilationMXBean compilation;
  /** The JDK's extensions of the OS bean (module jdk.management); null where absent, as on a minimal jlink image. */
  private final com.sun.management.OperatingSystemMXBean processOs;
  private final UnixOperatingSystemMXBean unixOs;
  private final boolean procStatusReadable = PROC_SELF_STATUS.canRead();
  private final InfoSnapshot runtimeInfo;
  /** Per memory pool: {used after the latest GC, bytes allocated so far}. Guarded by itself. */
  private final Map<String, long[]> allocations = new HashMap<String, long[]>();

  JvmRuntimeMetrics() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    compilation = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit : null;
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    com.sun.management.OperatingSystemMXBean jdkOs = null;
    UnixOperatingSystemMXBean unix = null;
    try {
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        jdkOs = (com.sun.management.OperatingSystemMXBean) os;
      }
      if (os instanceof UnixOperatingSystemMXBean) {
        unix = (UnixOperatingSystemMXBean) os;
      }
    } catch (LinkageError noJdkManagement) {
      // No CPU time and no file descriptors then; the rest still works.
    }
    processOs = jdkOs;
    unixOs = unix;
    Labels runtimeLabels =
        Labels.of(
            "version", System.getProperty("java.runtime.version", "unknown"),
            "vendor", System.getProperty("java.vm.vendor", "unknown"),
            "runtime", System.getProperty("java.runtime.name", "unknown"));
    runtimeInfo =
        new InfoSnapshot(
            new MetricMetadata("jvm_runtime", "jvm_runtime_info", "JVM runtime info", null),
            Collections.singletonList(new InfoDataPointSnapshot(runtimeLabels)));
  }

  /** Registers the collector and starts counting allocations from the GC notifications. */
  public static JvmRuntimeMetrics register(PrometheusRegistry registry) {
    JvmRuntimeMetrics metrics = new JvmRuntimeMetrics();
    for (GarbageCollectorMXBean collector : metrics.collectors) {
      if (collector instanceof NotificationEmitter) {
        ((NotificationEmitter) collector).addNotificationListener(metrics, null, null);
      }
    }
    registry.register(metrics);
    return metrics;
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> families = new ArrayList<MetricSnapshot>(40);
    addMemory(families);
    addMemoryPools(families);
    addAllocations(families);
    addBufferPools(families);
    addGarbageCollection(families);
    addClassLoading(families);
    addThreads(families);
    addProcess(families);
    families.add(runtimeInfo);
    return new MetricSnapshots(families);
  }

  private void addMemory(List<MetricSnapshot> families) {
    MemoryUsage heap = memory.getHeapMemoryUsage();
    MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
    Labels heapLabels = Labels.of("area", "heap");
    Labels nonHeapLabels = Labels.of("area", "nonheap");
    families.add(
        gauge("jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", Unit.BYTES,
            Arrays.asList(point(heap.getUsed(), heapLabels), point(nonHeap.getUsed(), nonHeapLabels))));
    families.add(
        gauge("jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.", Unit.BYTES,
            Arrays.asList(point(heap.getCommitted(), heapLabels), point(nonHeap.getCommitted(), nonHeapLabels))));
    families.add(
        gauge("jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.", Unit.BYTES,
            Arrays.asList(point(heap.getMax(), heapLabels), point(nonHeap.getMax(), nonHeapLabels))));
    families.add(
        gauge("jvm_memory_init_bytes", "Initial bytes of a given JVM memory area.", Unit.BYTES,
            Arrays.asList(point(heap.getInit(), heapLabels), point(nonHeap.getInit(), nonHeapLabels))));
    families.add(
        gauge("jvm_memory_objects_pending_finalization", "The number of objects waiting in the finalizer queue.",
            null, memory.getObjectPendingFinalizationCount()));
  }

  /** Usage now for every pool; usage after the latest collection only for pools a collector manages. */
  private void addMemoryPools(List<MetricSnapshot> families) {
    int size = memoryPools.size();
    List<GaugeDataPointSnapshot> used = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> committed = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> max = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> init = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> usedAfterGc = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> committedAfterGc = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> maxAfterGc = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> initAfterGc = new ArrayList<GaugeDataPointSnapshot>(size);
    for (MemoryPoolMXBean pool : memoryPools) {
      Labels labels = Labels.of("pool", pool.getName());
      MemoryUsage usage = pool.getUsage();
      if (usage != null) {
        used.add(point(usage.getUsed(), labels));
        committed.add(point(usage.getCommitted(), labels));
        max.add(point(usage.getMax(), labels));
        init.add(point(usage.getInit(), labels));
      }
      MemoryUsage afterGc = pool.getCollectionUsage();
      if (afterGc != null) {
        usedAfterGc.add(point(afterGc.getUsed(), labels));
        committedAfterGc.add(point(afterGc.getCommitted(), labels));
        maxAfterGc.add(point(afterGc.getMax(), labels));
        initAfterGc.add(point(afterGc.getInit(), labels));
      }
    }
    families.add(gauge("jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.", Unit.BYTES, used));
    families.add(
        gauge("jvm_memory_pool_committed_bytes", "Committed bytes of a given JVM memory pool.", Unit.BYTES,
            committed));
    families.add(gauge("jvm_memory_pool_max_bytes", "Max bytes of a given JVM memory pool.", Unit.BYTES, max));
    families.add(gauge("jvm_memory_pool_init_bytes", "Initial bytes of a given JVM memory pool.", Unit.BYTES, init));
    families.add(
        gauge("jvm_memory_pool_collection_used_bytes", "Used bytes after last collection of a given JVM memory pool.",
            Unit.BYTES, usedAfterGc));
    families.add(
        gauge("jvm_memory_pool_collection_committed_bytes",
            "Committed after last collection bytes of a given JVM memory pool.", Unit.BYTES, committedAfterGc));
    families.add(
        gauge("jvm_memory_pool_collection_max_bytes", "Max bytes after last collection of a given JVM memory pool.",
            Unit.BYTES, maxAfterGc));
    families.add(
        gauge("jvm_memory_pool_collection_init_bytes",
            "Initial after last collection bytes of a given JVM memory pool.", Unit.BYTES, initAfterGc));
  }

  /** A pool appears once something was allocated in it, as with the library's counter. */
  private void addAllocations(List<MetricSnapshot> families) {
    List<CounterDataPointSnapshot> points = new ArrayList<CounterDataPointSnapshot>();
    synchronized (allocations) {
      for (Map.Entry<String, long[]> pool : allocations.entrySet()) {
        long allocated = pool.getValue()[1];
        if (allocated > 0) {
          points.add(new CounterDataPointSnapshot(allocated, Labels.of("pool", pool.getKey()), null, 0L));
        }
      }
    }
    // The library's Counter keeps "_total" in the exposition name but not in the name; kept alike.
    families.add(
        new CounterSnapshot(
            new MetricMetadata("jvm_memory_pool_allocated_bytes", "jvm_memory_pool_allocated_bytes_total",
                "Total bytes allocated in a given JVM memory pool. Only updated after GC, not continuously.", null),
            points));
  }

  private void addBufferPools(List<MetricSnapshot> families) {
    int size = bufferPools.size();
    List<GaugeDataPointSnapshot> used = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> capacity = new ArrayList<GaugeDataPointSnapshot>(size);
    List<GaugeDataPointSnapshot> buffers = new ArrayList<GaugeDataPointSnapshot>(size);
    for (BufferPoolMXBean pool : bufferPools) {
      Labels labels = Labels.of("pool", pool.getName());
      used.add(point(pool.getMemoryUsed(), labels));
      capacity.add(point(pool.getTotalCapacity(), labels));
      buffers.add(point(pool.getCount(), labels));
    }
    families.add(gauge("jvm_buffer_pool_used_bytes", "Used bytes of a given JVM buffer pool.", Unit.BYTES, used));
    families.add(
        gauge("jvm_buffer_pool_capacity_bytes", "Bytes capacity of a given JVM buffer pool.", Unit.BYTES, capacity));
    families.add(gauge("jvm_buffer_pool_used_buffers", "Used buffers of a given JVM buffer pool.", null, buffers));
  }

  private void addGarbageCollection(List<MetricSnapshot> families) {
    List<SummaryDataPointSnapshot> points = new ArrayList<SummaryDataPointSnapshot>(collectors.size());
    for (GarbageCollectorMXBean collector : collectors) {
      points.add(
          new SummaryDataPointSnapshot(collector.getCollectionCount(),
              Unit.millisToSeconds(collector.getCollectionTime()), Quantiles.EMPTY,
              Labels.of("gc", collector.getName()), Exemplars.EMPTY, 0L));
    }
    families.add(
        new SummarySnapshot(
            new MetricMetadata("jvm_gc_collection_seconds", "Time spent in a given JVM garbage collector in seconds.",
                Unit.SECONDS),
            points));
    if (compilation != null) {
      families.add(
          counter("jvm_compilation_time_seconds", "The total time in seconds taken for HotSpot class compilation",
              Unit.SECONDS, Unit.millisToSeconds(compilation.getTotalCompilationTime())));
    }
  }

  private void addClassLoading(List<MetricSnapshot> families) {
    families.add(
        gauge("jvm_classes_currently_loaded", "The number of classes that are currently loaded in the JVM", null,
            classLoading.getLoadedClassCount()));
    families.add(
        counter("jvm_classes_loaded",
            "The total number of classes that have been loaded since the JVM has started execution", null,
            classLoading.getTotalLoadedClassCount()));
    families.add(
        counter("jvm_classes_unloaded",
            "The total number of classes that have been unloaded since the JVM has started execution", null,
            classLoading.getUnloadedClassCount()));
  }

  private void addThreads(List<MetricSnapshot> families) {
    families.add(gauge("jvm_threads_current", "Current thread count of a JVM", null, threads.getThreadCount()));
    families.add(gauge("jvm_threads_daemon", "Daemon thread count of a JVM", null, threads.getDaemonThreadCount()));
    families.add(gauge("jvm_threads_peak", "Peak thread count of a JVM", null, threads.getPeakThreadCount()));
    families.add(
        counter("jvm_threads_started", "Started thread count of a JVM", null, threads.getTotalStartedThreadCount()));
    families.add(
        gauge("jvm_threads_deadlocked",
            "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers",
            null, length(threads.findDeadlockedThreads())));
    families.add(
        gauge("jvm_threads_deadlocked_monitor",
            "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors", null,
            length(threads.findMonitorDeadlockedThreads())));
    families.add(gauge("jvm_threads_state", "Current count of threads by state", null, threadStates()));
  }

  /** Every Thread.State, plus UNKNOWN for the ids the JVM reports as invalid (not above zero), as the library does. */
  private List<GaugeDataPointSnapshot> threadStates() {
    long[] ids = threads.getAllThreadIds();
    int valid = 0;
    for (long id : ids) {
      if (id > 0) {
        ids[valid++] = id;
      }
    }
    Thread.State[] states = Thread.State.values();
    int[] counts = new int[states.length];
    // Indexed by ordinal: a switch on the enum would compile to a synthetic class.
    for (ThreadInfo thread : threads.getThreadInfo(Arrays.copyOf(ids, valid), 0)) {
      if (thread != null) {
        counts[thread.getThreadState().ordinal()]++;
      }
    }
    List<GaugeDataPointSnapshot> points = new ArrayList<GaugeDataPointSnapshot>(states.length + 1);
    for (Thread.State state : states) {
      points.add(point(counts[state.ordinal()], Labels.of("state", state.name())));
    }
    points.add(point(ids.length - valid, Labels.of("state", "UNKNOWN")));
    return points;
  }

  private void addProcess(List<MetricSnapshot> families) {
    if (processOs != null) {
      long cpuNanos = processOs.getProcessCpuTime();
      if (cpuNanos >= 0) {
        families.add(
            counter("process_cpu_seconds", "Total user and system CPU time spent in seconds.", Unit.SECONDS,
                Unit.nanosToSeconds(cpuNanos)));
      }
    }
    families.add(
        gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", Unit.SECONDS,
            Unit.millisToSeconds(runtime.getStartTime())));
    if (unixOs != null) {
      families.add(
          gauge("process_open_fds", "Number of open file descriptors.", null, unixOs.getOpenFileDescriptorCount()));
      families.add(
          gauge("process_max_fds", "Maximum number of open file descriptors.", null,
              unixOs.getMaxFileDescriptorCount()));
    }
    if (procStatusReadable) {
      addProcStatus(families);
    }
  }

  /** Virtual and resident memory from one read of /proc/self/status (the library reads it once per metric). */
  private static void addProcStatus(List<MetricSnapshot> families) {
    double virtualBytes = -1;
    double residentBytes = -1;
    try {
      BufferedReader status = new BufferedReader(new FileReader(PROC_SELF_STATUS));
      try {
        for (String line = status.readLine(); line != null; line = status.readLine()) {
          if (line.startsWith("VmSize:")) {
            virtualBytes = kiloBytes(line);
          } else if (line.startsWith("VmRSS:")) {
            residentBytes = kiloBytes(line);
          }
        }
      } finally {
        status.close();
      }
    } catch (IOException | RuntimeException unreadable) {
      // Left out of this scrape, as the library does.
    }
    if (virtualBytes >= 0) {
      families.add(gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", Unit.BYTES, virtualBytes));
    }
    if (residentBytes >= 0) {
      families.add(
          gauge("process_resident_memory_bytes", "Resident memory size in bytes.", Unit.BYTES, residentBytes));
    }
  }

  /** The bytes of a status line such as {@code VmRSS:	  123456 kB}. */
  private static double kiloBytes(String line) {
    int start = line.indexOf(':') + 1;
    while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
      start++;
    }
    int end = start;
    while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
      end++;
    }
    return Unit.kiloBytesToBytes(Double.parseDouble(line.substring(start, end)));
  }

  /** Counts the allocations a collection reveals. */
  @Override
  public void handleNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
    Map<String, MemoryUsage> afterGc = info.getGcInfo().getMemoryUsageAfterGc();
    for (Map.Entry<String, MemoryUsage> before : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
      MemoryUsage after = afterGc.get(before.getKey());
      if (after != null) {
        countAllocation(before.getKey(), before.getValue().getUsed(), after.getUsed());
      }
    }
  }

  /**
   * What a pool grew by since the latest collection ({@code before} minus the usage after that one) plus what it grew
   * by during this one ({@code after} minus {@code before}), decreases counted as zero: eden grows between
   * collections, survivor and old generation during them. The library's formula, so the counter matches it.
   */
  void countAllocation(String pool, long before, long after) {
    synchronized (allocations) {
      long[] state = allocations.get(pool);
      if (state == null) {
        state = new long[2];
        allocations.put(pool, state);
      }
      long increase = Math.max(0, before - state[0]) + Math.max(0, after - before);
      state[0] = after;
      state[1] += increase;
    }
  }

  private static GaugeDataPointSnapshot point(double value, Labels labels) {
    return new GaugeDataPointSnapshot(value, labels, null);
  }

  private static GaugeSnapshot gauge(String name, String help, Unit unit, double value) {
    return gauge(name, help, unit, Collections.singletonList(point(value, Labels.EMPTY)));
  }

  private static GaugeSnapshot gauge(String name, String help, Unit unit, List<GaugeDataPointSnapshot> points) {
    return new GaugeSnapshot(new MetricMetadata(name, help, unit), points);
  }

  /** {@code name} without "_total": the exposition appends it, as for the library's callback counters. */
  private static CounterSnapshot counter(String name, String help, Unit unit, double value) {
    return new CounterSnapshot(
        new MetricMetadata(name, help, unit),
        Collections.singletonList(new CounterDataPointSnapshot(value, Labels.EMPTY, null, 0L)));
  }

  private static int length(long[] threadIds) {
    return threadIds == null ? 0 : threadIds.length;
  }
}
