package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A JVM that ends right after its work: queued spans are flushed at exit, and exit is never held beyond the bound. */
class ShutdownFlushTest {
  private static AgentJvm burst(String endpoint, String shutdownTimeout) {
    return AgentJvm.builder()
        .name("burst")
        .classPath(SmokeApps.classPath("demo-service"))
        .mainClass(DemoService.BURST_AND_EXIT)
        .args("500")
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        .env("ARGUS_EXPORT_DELAY", "60s") // nothing leaves before shutdown unless a batch fills up
        .env("ARGUS_SHUTDOWN_TIMEOUT", shutdownTimeout)
        .env("ARGUS_PROMETHEUS_ENABLED", "false")
        .start();
  }

  @Test
  void spansQueuedAtExitAreFlushedToTheBackend() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm jvm = burst(receiver.endpoint(), "5s")) {
      assertThat(jvm.waitForExit(Duration.ofSeconds(30))).isZero();
      assertThat(receiver.store().spans(span -> span.name().startsWith("burst-"))).hasSize(500);
    }
  }

  @Test
  void anUnreachableBackendDelaysExitByNoMoreThanTheShutdownTimeout() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      receiver.stop();
      long start = System.nanoTime();
      try (AgentJvm jvm = burst(receiver.endpoint(), "2s")) {
        assertThat(jvm.waitForExit(Duration.ofSeconds(30))).isZero();
      }
      // JVM start-up plus at most the 2 s flush budget; generous for a loaded CI machine.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
    }
  }
}
