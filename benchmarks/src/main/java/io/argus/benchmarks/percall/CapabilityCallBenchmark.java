package io.argus.benchmarks.percall;

import io.argus.benchmarks.apps.PricingAgent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One call of a method traced from configuration ({@link PerCallComparison#TRACED_METHODS}): with Argus a capability
 * span plus {@code agent_capability_calls_total} and {@code agent_capability_duration_seconds}; with the
 * OpenTelemetry agent's {@code otel.instrumentation.methods.include}, a span (that agent records no metric for it).
 */
@State(Scope.Benchmark)
public class CapabilityCallBenchmark {
  private final PricingAgent agent = new PricingAgent();
  private final String sku = "SKU-000042";
  private int quantity;

  @Benchmark
  public long quote() {
    quantity = (quantity + 1) & 15;
    return agent.quote(sku, quantity);
  }
}
