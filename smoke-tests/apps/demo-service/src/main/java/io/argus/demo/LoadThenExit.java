package io.argus.demo;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A JVM that ends while under load, as a service does when it is stopped: worker threads (daemons, so that they
 * never hold the JVM themselves) keep making spans, and after a while the main thread either calls
 * {@code System.exit(0)} ({@code exit}) or simply returns ({@code return}; the JVM then ends only if no thread but
 * daemons is left — the agent's included).
 *
 * <p>Args: {@code <exit|return> <load millis> <workers> <spans per millisecond per worker>}. Before ending it prints
 * {@code NON-DAEMON THREADS [...]}, every live non-daemon thread but itself, then {@code ENDING spans_ended=N}: the
 * spans ended so far, all of which a correct flush delivers.
 */
public final class LoadThenExit {
  private static final LongAdder ENDED = new LongAdder();
  private static volatile boolean stopping;

  public static void main(String[] args) throws InterruptedException {
    String mode = args[0];
    long loadMillis = Long.parseLong(args[1]);
    int workers = Integer.parseInt(args[2]);
    int spansPerMilli = Integer.parseInt(args[3]);
    for (int w = 0; w < workers; w++) {
      Thread worker = new Thread(() -> work(spansPerMilli), "load-worker-" + w);
      worker.setDaemon(true);
      worker.start();
    }
    System.out.println("LOAD STARTED");
    Thread.sleep(loadMillis);
    List<String> nonDaemon = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
      Thread t = thread.getKey();
      if (!t.isDaemon() && t != Thread.currentThread() && t.isAlive()) {
        nonDaemon.add(t.getName());
      }
    }
    System.out.println("NON-DAEMON THREADS " + nonDaemon);
    System.out.println("ENDING spans_ended=" + ENDED.sum() + " at_ms=" + System.currentTimeMillis());
    System.out.flush();
    if (mode.equals("exit")) {
      System.exit(0);
    }
  }

  /** Bursts of spans every millisecond, a parent with one child each, while the JVM lives. */
  private static void work(int spansPerMilli) {
    long i = 0;
    while (!stopping) {
      for (int n = 0; n < spansPerMilli; n += 2) {
        ArgusSpan parent = ArgusTracer.startSpan("load-parent", SpanKind.SERVER);
        try (io.argus.bootstrap.Scope ignored = parent.makeCurrent()) {
          ArgusSpan child = ArgusTracer.startSpan("load-child", SpanKind.CLIENT);
          child.setAttribute("load.index", i++);
          child.end();
        }
        parent.end();
        ENDED.add(2);
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
