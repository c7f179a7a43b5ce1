package io.argus.benchmarks;

import io.argus.bootstrap.capabilities.CapabilitySwitches;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What an "is this instrumentation switched on?" check costs an instrumented call, the alternative to switching
 * instrumentations by retransformation (docs/performance.md, "Switching instrumentations at run time"): one volatile
 * read and a branch in front of the advice's work, against the same work without it. The work is tiny on purpose (a
 * counter increment) so that the check's share is as large as it can be; {@code capabilityRuleCheck} is the per-rule
 * check the capability advice already makes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnabledCheckBenchmark {
  /** The switch as a bootstrap class would hold it for advice to read. */
  static volatile boolean instrumentationOn = true;

  private long calls;

  @Benchmark
  public long adviceWithoutCheck() {
    return ++calls;
  }

  @Benchmark
  public long adviceWithEnabledCheck() {
    if (!instrumentationOn) {
      return calls;
    }
    return ++calls;
  }

  @Benchmark
  public boolean capabilityRuleCheck() {
    return CapabilitySwitches.isRuleOn(2);
  }
}
