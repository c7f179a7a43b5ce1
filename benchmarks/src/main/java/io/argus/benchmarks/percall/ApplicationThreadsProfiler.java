package io.argus.benchmarks.percall;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CPU time ({@code app.cpu.norm}) and bytes allocated ({@code app.alloc.norm}) per operation by the application's own
 * threads: the JMH worker that makes the call and the threads the call runs on — the JDK HttpServer's dispatcher, the
 * JDK HttpClient's selector and workers, the executor benchmark's pool thread. Agent threads (export, metrics), the
 * JIT and the GC are left out: this is what an agent adds on the application's path. JMH's {@code -prof gc} figure
 * ({@code gc.alloc.rate.norm}) counts every thread, the agents' export threads included.
 *
 * <p>Unlike the wall time per call, the CPU time does not grow when the machine is shared and the fork waits for a
 * core: a thread's CPU time counts only while it runs.
 */
public final class ApplicationThreadsProfiler implements InternalProfiler {
  /**
   * The threads the benchmarks run on: JMH's worker, the JDK HttpClient's, and those the benchmarks name
   * {@code benchmark-*} (the HttpServer's dispatcher — Argus's own endpoint has one too, under the JDK's name — and
   * the executor's pool thread).
   */
  private static final Pattern APPLICATION_THREAD = Pattern.compile(".*jmh-worker.*|HttpClient-\\d+-.*|benchmark-.*");

  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private Map<Long, long[]> before = Map.of();

  @Override
  public String getDescription() {
    return "CPU time and allocation of the application's threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    before = applicationThreads();
  }

  @Override
  public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    long cpu = 0;
    long allocated = 0;
    for (Map.Entry<Long, long[]> thread : applicationThreads().entrySet()) {
      long[] start = before.getOrDefault(thread.getKey(), new long[2]);
      cpu += thread.getValue()[0] - start[0];
      allocated += thread.getValue()[1] - start[1];
    }
    // All operations of the iteration, as GCProfiler counts them: the figures span the whole iteration.
    double operations = result.getMetadata().getAllOps();
    return List.of(
        new ScalarResult("app.cpu.norm", operations == 0 ? Double.NaN : cpu / operations, "ns/op",
            AggregationPolicy.AVG),
        new ScalarResult("app.alloc.norm", operations == 0 ? Double.NaN : allocated / operations, "B/op",
            AggregationPolicy.AVG));
  }

  /** Thread id → {CPU ns, allocated bytes} of the live application threads. */
  private Map<Long, long[]> applicationThreads() {
    Map<Long, long[]> values = new HashMap<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (APPLICATION_THREAD.matcher(thread.getName()).matches()) {
        long cpu = threads.getThreadCpuTime(thread.getId());
        long allocated = threads.getThreadAllocatedBytes(thread.getId());
        if (cpu >= 0 && allocated >= 0) {
          values.put(thread.getId(), new long[] {cpu, allocated});
        }
      }
    }
    return values;
  }
}
