package io.argus.smoke.apps.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Calls the capability methods of {@link PricingAgent}: what each returned or threw. */
final class CapabilityCalls {
  private CapabilityCalls() {}

  static List<String> run() {
    PricingAgent agent = new PricingAgent();
    List<String> lines = new ArrayList<>();
    lines.add("capability quote " + outcome(() -> agent.quote("apple", 3)));
    lines.add("capability reject " + outcome(() -> agent.reject("durian")));
    lines.add("capability quoteLater " + outcome(() -> await(agent.quoteLater("fig"))));
    lines.add("capability rejectLater " + outcome(() -> await(agent.rejectLater("durian"))));
    lines.add("capability discount " + outcome(() -> PricingAgent.discount(15)));
    return lines;
  }

  private static Object await(CompletableFuture<?> future) {
    try {
      return future.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String outcome(Supplier<Object> call) {
    try {
      return "returned " + call.get();
    } catch (RuntimeException e) {
      return "threw " + FaultInjectionApp.describe(e) + ": " + e.getMessage();
    }
  }
}
