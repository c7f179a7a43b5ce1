package com.acme.agents;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A research agent: a synchronous capability, an asynchronous one, and one that fails. */
public class ResearchAgent {
  /** Thrown by {@link #plan}: the service checks that it gets this very instance back. */
  static final IllegalStateException PLANNING_FAILED = new IllegalStateException("no plan for an empty goal");

  private static final Executor BACKGROUND = Executors.newFixedThreadPool(2, runnable -> {
    Thread thread = new Thread(runnable, "research-background");
    thread.setDaemon(true);
    return thread;
  });

  public String research(String query) {
    return "findings on " + query;
  }

  public String plan(String goal) {
    if (goal.isEmpty()) {
      throw PLANNING_FAILED;
    }
    return "plan for " + goal;
  }

  /** Completes on another thread after a while: the capability lasts until then. */
  public CompletableFuture<String> researchAsync(String query, long millis) {
    return CompletableFuture.supplyAsync(() -> {
      sleep(millis);
      if (query.equals("fail")) {
        throw new IllegalArgumentException("source unavailable");
      }
      return "late findings on " + query;
    }, BACKGROUND);
  }

  private static void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
