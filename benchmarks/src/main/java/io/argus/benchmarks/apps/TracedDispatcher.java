package io.argus.benchmarks.apps;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Hands work to a pool and waits for it, from inside a traced method (configured like {@link PricingAgent}): the
 * span current in {@link #hop} must reach the pool thread, so the agents' executor instrumentation has a context to
 * carry.
 */
public class TracedDispatcher {
  public <T> T hop(ExecutorService pool, Callable<T> task) throws InterruptedException, ExecutionException {
    return pool.submit(task).get();
  }
}
