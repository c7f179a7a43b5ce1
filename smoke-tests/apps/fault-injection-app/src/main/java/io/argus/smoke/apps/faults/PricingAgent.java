package io.argus.smoke.apps.faults;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Capability methods (declared by the test's ARGUS_CAPABILITIES rule): a value returned, arguments and return value
 * recorded, an exception thrown, asynchronous results that succeed or fail on another thread.
 */
public final class PricingAgent {
  private static final ExecutorService LATER = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "pricing-later");
    thread.setDaemon(true);
    return thread;
  });

  public long quote(String sku, int quantity) {
    return (long) sku.length() * 100 * quantity;
  }

  public long reject(String sku) {
    throw new IllegalArgumentException("unknown sku " + sku);
  }

  public CompletableFuture<Long> quoteLater(String sku) {
    return CompletableFuture.supplyAsync(() -> quote(sku, 2), LATER);
  }

  public CompletableFuture<Long> rejectLater(String sku) {
    return CompletableFuture.supplyAsync(() -> reject(sku), LATER);
  }

  public static int discount(int percent) {
    return 100 - percent;
  }
}
