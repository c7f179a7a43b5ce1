package io.argus.smoke.apps.faults;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Hands work to other threads in every way the executors instrumentation covers. {@link #runAll} is a capability
 * (declared by the test's rule), so a trace context is current and every hand-over carries it: the instrumentation
 * wraps queued tasks, and must unwrap them wherever the application can see them ({@code remove},
 * {@code shutdownNow}, the rejection handler).
 */
public final class Orchestrator {
  public List<String> runAll() throws Exception {
    List<String> lines = new ArrayList<>();
    threadPool(lines);
    queuedTasks(lines);
    forkJoin(lines);
    completableFuture(lines);
    lines.add("executors thread " + onNewThread());
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      Future<String> tick = scheduler.schedule(() -> "tick", 5, TimeUnit.MILLISECONDS);
      lines.add("executors scheduled " + tick.get(10, TimeUnit.SECONDS));
    } finally {
      scheduler.shutdownNow();
    }
    return lines;
  }

  private static void threadPool(List<String> lines) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicReference<String> seen = new AtomicReference<>();
      pool.execute(() -> {
        seen.set("executed");
        ran.countDown();
      });
      lines.add("executors execute " + ran.await(10, TimeUnit.SECONDS) + " " + seen.get());
      lines.add("executors submit " + pool.submit(() -> 6 * 7).get(10, TimeUnit.SECONDS));
      List<Callable<String>> tasks = List.of(() -> "a", () -> "b", () -> "c");
      List<String> results = new ArrayList<>();
      for (Future<String> future : pool.invokeAll(tasks)) {
        results.add(future.get());
      }
      lines.add("executors invokeAll " + results);
      lines.add("executors invokeAny " + pool.invokeAny(List.of(() -> "only")));
      Future<?> failing = pool.submit(() -> {
        throw new IllegalStateException("task failed");
      });
      try {
        failing.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        lines.add("executors failing task " + FaultInjectionApp.describe(e));
      }
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  /** Tasks the application sees again: removed, returned by shutdownNow, rejected. */
  private static void queuedTasks(List<String> lines) throws Exception {
    ThreadPoolExecutor single = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    single.execute(() -> {
      started.countDown();
      await(release);
    });
    started.await(10, TimeUnit.SECONDS);
    Runnable first = () -> {};
    Runnable second = () -> {};
    Runnable third = () -> {};
    single.execute(first);
    single.execute(second);
    single.execute(third);
    lines.add("executors remove " + single.remove(second) + " queued=" + single.getQueue().size());
    List<Runnable> notRun = single.shutdownNow();
    lines.add("executors shutdownNow " + notRun.size() + " same=" + (notRun.size() == 2 && notRun.get(0) == first
        && notRun.get(1) == third));
    release.countDown();
    Runnable late = () -> {};
    AtomicReference<Runnable> rejected = new AtomicReference<>();
    single.setRejectedExecutionHandler((task, executor) -> rejected.set(task));
    single.execute(late);
    lines.add("executors rejected same=" + (rejected.get() == late));
    single.setRejectedExecutionHandler(new ThreadPoolExecutor.AbortPolicy());
    try {
      single.execute(late);
      lines.add("executors abort policy accepted");
    } catch (RuntimeException e) {
      lines.add("executors abort policy " + FaultInjectionApp.describe(e));
    }
    single.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static void forkJoin(List<String> lines) throws Exception {
    ForkJoinPool pool = new ForkJoinPool(2);
    try {
      lines.add("executors forkjoin invoke " + pool.invoke(new Sum(1, 1000)));
      lines.add("executors forkjoin submit " + pool.submit(() -> "callable").get(10, TimeUnit.SECONDS));
      lines.add("executors commonPool " + ForkJoinPool.commonPool().submit(() -> 5).get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdown();
    }
  }

  private static void completableFuture(List<String> lines) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      String value = CompletableFuture.supplyAsync(() -> "x", pool)
          .thenApplyAsync(x -> x + "y", pool)
          .thenCombine(CompletableFuture.supplyAsync(() -> "z"), String::concat)
          .get(10, TimeUnit.SECONDS);
      lines.add("executors completableFuture " + value);
      CompletableFuture<String> failed = CompletableFuture.supplyAsync(() -> {
        throw new IllegalStateException("stage failed");
      }, pool);
      lines.add("executors completableFuture failed "
          + failed.handle((ok, error) -> FaultInjectionApp.describe(error)).get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdown();
    }
  }

  private static String onNewThread() throws InterruptedException {
    List<String> result = Collections.synchronizedList(new ArrayList<>());
    Thread thread = new Thread(() -> result.add("ran on " + Thread.currentThread().getName()), "worker-thread");
    thread.start();
    thread.join(10_000);
    return String.valueOf(result);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sums a range by splitting it: forks and joins its own subtasks. */
  private static final class Sum extends RecursiveTask<Long> {
    private final int from;
    private final int to;

    Sum(int from, int to) {
      this.from = from;
      this.to = to;
    }

    @Override
    protected Long compute() {
      if (to - from < 100) {
        long sum = 0;
        for (int i = from; i <= to; i++) {
          sum += i;
        }
        return sum;
      }
      int middle = (from + to) / 2;
      Sum left = new Sum(from, middle);
      left.fork();
      return new Sum(middle + 1, to).compute() + left.join();
    }
  }
}
