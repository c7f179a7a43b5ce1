package io.argus.benchmarks.apps;

/**
 * A business method with no tracing code, traced from configuration only: as an Argus capability
 * ({@code argus.capabilities=io.argus.benchmarks.apps.PricingAgent[quote]}) or by the OpenTelemetry agent's
 * equivalent ({@code otel.instrumentation.methods.include=io.argus.benchmarks.apps.PricingAgent[quote]}).
 */
public class PricingAgent {
  /** A few nanoseconds of real work, so that the call cannot be folded away. */
  public long quote(String sku, int quantity) {
    long cents = 0;
    for (int i = 0; i < sku.length(); i++) {
      cents = cents * 31 + sku.charAt(i);
    }
    return (cents & 0xffff) * quantity;
  }
}
