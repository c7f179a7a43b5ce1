package io.argus.smoke.apps.context;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * One scenario per way of handing work to another thread. In each, a parent span is current while tasks are
 * submitted, and every task makes a child span; the smoke test checks every child's parent over OTLP.
 */
final class ExecutorScenarios {
  static final int TASKS = 4;

  private ExecutorScenarios() {}

  static void runAll() throws Exception {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    ForkJoinPool forkJoin = new ForkJoinPool(2);
    try {
      Spans.scenario("tpe-execute", () -> {
        CountDownLatch done = new CountDownLatch(TASKS);
        for (int i = 0; i < TASKS; i++) {
          pool.execute(() -> {
            Spans.child("tpe-execute");
            done.countDown();
          });
        }
        done.await(30, TimeUnit.SECONDS);
      });
      Spans.scenario("tpe-submit", () -> {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < TASKS / 2; i++) {
          futures.add(pool.submit(() -> Spans.child("tpe-submit")));
          futures.add(pool.submit(() -> {
            Spans.child("tpe-submit");
            return "done";
          }));
        }
        for (Future<?> future : futures) {
          future.get(30, TimeUnit.SECONDS);
        }
      });
      Spans.scenario("tpe-invokeAll", () -> {
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
          tasks.add(() -> {
            Spans.child("tpe-invokeAll");
            return "done";
          });
        }
        for (Future<String> future : pool.invokeAll(tasks)) {
          future.get();
        }
        pool.invokeAny(List.of(() -> {
          Spans.child("tpe-invokeAny");
          return "done";
        }));
      });
      Spans.scenario("scheduled", () -> {
        ScheduledFuture<?> later = scheduler.schedule(() -> Spans.child("scheduled"), 20, TimeUnit.MILLISECONDS);
        ScheduledFuture<String> laterCall = scheduler.schedule(() -> {
          Spans.child("scheduled");
          return "done";
        }, 20, TimeUnit.MILLISECONDS);
        scheduler.execute(() -> Spans.child("scheduled"));
        scheduler.submit(() -> Spans.child("scheduled")).get(30, TimeUnit.SECONDS);
        later.get(30, TimeUnit.SECONDS);
        laterCall.get(30, TimeUnit.SECONDS);
      });
      Spans.scenario("fork-join", () -> {
        forkJoin.execute(() -> Spans.child("fork-join"));
        forkJoin.submit(() -> Spans.child("fork-join")).get(30, TimeUnit.SECONDS);
        forkJoin.submit(() -> {
          Spans.child("fork-join");
          return "done";
        }).get(30, TimeUnit.SECONDS);
        forkJoin.invoke(new ChildrenAction("fork-join", 0, 8)); // forks subtasks all the way down
        forkJoin.awaitQuiescence(30, TimeUnit.SECONDS);
      });
      Spans.scenario("common-pool", () -> {
        ForkJoinPool.commonPool().submit(() -> Spans.child("common-pool")).get(30, TimeUnit.SECONDS);
        ForkJoinPool.commonPool().invoke(new ChildrenAction("common-pool", 0, 8));
      });
      Spans.scenario("parallel-stream", () ->
          IntStream.range(0, 64).parallel().forEach(i -> {
            sleep(2); // long enough for the pool's workers to take part
            Spans.child("parallel-stream");
          }));
      Spans.scenario("completable-future", () -> {
        CompletableFuture.supplyAsync(() -> {
              Spans.child("completable-future");
              return 1;
            })
            .thenApplyAsync(x -> {
              Spans.child("completable-future");
              return x + 1;
            })
            .thenAcceptAsync(x -> Spans.child("completable-future"), pool)
            .get(30, TimeUnit.SECONDS);
        CompletableFuture.runAsync(() -> Spans.child("completable-future"), forkJoin).get(30, TimeUnit.SECONDS);
        // A stage registered here, on a future that a thread outside this trace completes: the stage still runs in
        // the context where it was registered.
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<Void> stage = source.thenAcceptAsync(x -> Spans.child("completable-future"));
        completeFromAnUntracedThread(source);
        stage.get(30, TimeUnit.SECONDS);
      });
      Spans.scenario("thread-start", () -> {
        Thread thread = new Thread(() -> Spans.child("thread-start"), "started-in-request");
        thread.start();
        thread.join();
      });
      Spans.scenario("periodic", () -> {
        CountDownLatch runs = new CountDownLatch(2);
        ScheduledFuture<?> periodic = scheduler.scheduleAtFixedRate(() -> {
          Spans.probe("periodic-run");
          runs.countDown();
        }, 0, 20, TimeUnit.MILLISECONDS);
        runs.await(30, TimeUnit.SECONDS);
        periodic.cancel(false);
      });
      staleContextChecks(pool, forkJoin);
      identityChecks();
    } finally {
      pool.shutdownNow();
      scheduler.shutdownNow();
      forkJoin.shutdownNow();
    }
  }

  /**
   * After traced tasks (one of which leaves a span current and never closes its scope), the same pooled threads run
   * tasks submitted at the root: each must start a new trace.
   */
  private static void staleContextChecks(ThreadPoolExecutor pool, ForkJoinPool forkJoin) throws Exception {
    Spans.scenario("stale", () -> {
      for (int i = 0; i < 4; i++) {
        pool.submit(() -> Spans.child("stale")).get(30, TimeUnit.SECONDS);
        pool.execute(ExecutorScenarios::leakAScope);
        forkJoin.submit(() -> Spans.child("stale")).get(30, TimeUnit.SECONDS);
        forkJoin.submit(ExecutorScenarios::leakAScope).get(30, TimeUnit.SECONDS);
      }
      CountDownLatch drained = new CountDownLatch(2);
      pool.execute(drained::countDown);
      pool.execute(drained::countDown);
      drained.await(30, TimeUnit.SECONDS);
    });
    for (int i = 0; i < 4; i++) { // at the root now
      pool.submit(() -> Spans.probe("stale-after-pool")).get(30, TimeUnit.SECONDS);
      CountDownLatch ran = new CountDownLatch(1);
      pool.execute(() -> {
        Spans.probe("stale-after-pool");
        ran.countDown();
      });
      ran.await(30, TimeUnit.SECONDS);
      forkJoin.submit(() -> Spans.probe("stale-after-fork-join")).get(30, TimeUnit.SECONDS);
    }
    System.out.println("STALE CHECKS DONE");
  }

  /** A task that makes a span current and never closes the scope: the worker must not keep it. */
  private static void leakAScope() {
    ArgusSpan leaked = ArgusTracer.startSpan("leaked", SpanKind.INTERNAL);
    leaked.makeCurrent();
    leaked.end();
  }

  /** What the application sees of its own tasks is unchanged: remove, shutdownNow, rejection handlers. */
  private static void identityChecks() throws Exception {
    AtomicReference<Runnable> rejectedTask = new AtomicReference<>();
    ThreadPoolExecutor single =
        new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(2),
            (task, executor) -> rejectedTask.set(task));
    CountDownLatch release = new CountDownLatch(1);
    Runnable blocker = () -> await(release);
    Runnable removed = () -> Spans.child("never-run");
    Runnable kept = () -> Spans.child("never-run");
    Runnable rejected = () -> Spans.child("never-run");
    boolean[] results = new boolean[3];
    Spans.scenario("identity", () -> {
      single.execute(blocker);
      single.execute(removed);
      single.execute(kept);
      single.execute(rejected); // queue full: rejected
      results[0] = single.remove(removed);
    });
    List<Runnable> notRun = single.shutdownNow();
    release.countDown();
    results[1] = notRun.size() == 1 && notRun.get(0) == kept;
    results[2] = rejectedTask.get() == rejected;
    System.out.println("IDENTITY remove=" + results[0] + " shutdownNow=" + results[1] + " rejected=" + results[2]);
  }

  /**
   * Hands the future to a thread that was started before any scenario, through a plain queue: whatever the agent
   * does, that thread has no context when it completes the future.
   */
  private static void completeFromAnUntracedThread(CompletableFuture<String> source) throws InterruptedException {
    TO_COMPLETE.put(source);
  }

  private static final BlockingQueue<CompletableFuture<String>> TO_COMPLETE = new LinkedBlockingQueue<>();

  static {
    Thread completer = new Thread(() -> {
      try {
        while (true) {
          TO_COMPLETE.take().complete("value");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "untraced-completer");
    completer.setDaemon(true);
    completer.start();
  }

  /** Splits [from, to) in halves, forking one half, until single elements, each of which makes a child span. */
  static final class ChildrenAction extends RecursiveAction {
    private final String name;
    private final int from;
    private final int to;

    ChildrenAction(String name, int from, int to) {
      this.name = name;
      this.from = from;
      this.to = to;
    }

    @Override
    protected void compute() {
      if (to - from == 1) {
        sleep(2);
        Spans.child(name);
        return;
      }
      int middle = (from + to) / 2;
      ChildrenAction left = new ChildrenAction(name, from, middle);
      left.fork();
      new ChildrenAction(name, middle, to).compute();
      left.join();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
