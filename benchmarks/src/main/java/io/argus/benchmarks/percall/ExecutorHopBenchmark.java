package io.argus.benchmarks.percall;

import io.argus.benchmarks.apps.TracedDispatcher;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code submit} + {@code get} on a one-thread {@link ThreadPoolExecutor}, twice: with no span current (the agents
 * only check that there is nothing to carry), and from inside a traced method (the agents wrap the task to carry the
 * context to the pool thread; the traced method's own span is in the figure too: compare with
 * {@link CapabilityCallBenchmark}).
 */
@State(Scope.Benchmark)
public class ExecutorHopBenchmark {
  private final Callable<Integer> task = () -> 42;
  private final TracedDispatcher dispatcher = new TracedDispatcher();
  private ThreadPoolExecutor pool;

  @Setup(Level.Trial)
  public void start() {
    pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        task -> new Thread(task, "benchmark-pool"));
    pool.prestartAllCoreThreads();
  }

  @TearDown(Level.Trial)
  public void stop() {
    pool.shutdownNow();
  }

  @Benchmark
  public Integer submitAndGet() throws InterruptedException, ExecutionException {
    return pool.submit(task).get();
  }

  @Benchmark
  public Integer submitAndGetInTracedMethod() throws InterruptedException, ExecutionException {
    return dispatcher.hop(pool, task);
  }
}
