package io.argus.agent.metrics;

import io.prometheus.metrics.core.util.Scheduler;
import java.util.concurrent.TimeUnit;

/**
 * Starts the Prometheus client's one scheduler thread, {@code prometheus-metrics-scheduler-0}, with the agent. After
 * each exemplar a data point samples, that thread re-opens sampling for it; the client creates the thread on the
 * first sampled observation, on whatever thread makes it. A new thread inherits its creator's context class loader
 * and access-control context (the protection domains on the creator's stack). When the first observation came from a
 * web application's request thread (an HTTP or JDBC duration with its exemplar), the scheduler thread kept that
 * application's class loader alive for the life of the JVM, after any number of undeployments. Whether it did
 * depended on luck: a GC notification counted by the library's allocation counter before the first request started
 * the thread harmlessly first.
 */
public final class PrometheusSchedulerThread implements Runnable {
  private PrometheusSchedulerThread() {}

  /** Call before any metric is recorded, from the agent's start-up thread. */
  public static void start() {
    Thread current = Thread.currentThread();
    ClassLoader contextLoader = current.getContextClassLoader();
    // The thread runs only the client's own tasks, which need no context class loader: it is given none to hold.
    current.setContextClassLoader(null);
    try {
      // The executor creates its thread on this call, on this thread.
      Scheduler.schedule(new PrometheusSchedulerThread(), 0, TimeUnit.MILLISECONDS);
    } finally {
      current.setContextClassLoader(contextLoader);
    }
  }

  /** Nothing: scheduling it is what starts the thread. */
  @Override
  public void run() {}
}
