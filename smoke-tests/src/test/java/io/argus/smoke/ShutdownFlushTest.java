package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A JVM that ends right after its work, or while under load: queued spans are flushed at exit, exit is never held
 * beyond argus.shutdown.timeout, and no agent thread keeps a JVM alive.
 */
class ShutdownFlushTest {
  private static final Pattern ENDING = Pattern.compile("ENDING spans_ended=(\\d+)");
  /** Exit may take the shutdown budget plus this, measured from outside on a loaded machine: a safety bound. */
  private static final Duration EXIT_MARGIN = Duration.ofSeconds(5);

  /** {@code apps/demo-service} LoadThenExit: 2 workers ending ~2 spans per millisecond each, then exit or return. */
  private static AgentJvm underLoad(String endpoint, String mode, String shutdownTimeout, String... extraEnv) {
    AgentJvm.Builder builder = AgentJvm.builder()
        .name("load-" + mode)
        .classPath(SmokeApps.classPath("demo-service"))
        .mainClass("io.argus.demo.LoadThenExit")
        .args(mode, "3000", "2", "2")
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        .env("ARGUS_SHUTDOWN_TIMEOUT", shutdownTimeout)
        .env("ARGUS_SPAN_QUEUE_CAPACITY", "65536")
        .env("ARGUS_EXPORT_BATCH_SIZE", "2048")
        .env("ARGUS_PROMETHEUS_ENABLED", "false");
    for (int i = 0; i + 1 < extraEnv.length; i += 2) {
      builder.env(extraEnv[i], extraEnv[i + 1]);
    }
    return builder.start();
  }

  /** Waits for the app's ENDING line, then for the exit; returns how long the exit took after that line. */
  private static Duration timeToExitAfterEnding(AgentJvm jvm) {
    jvm.awaitStdout("ENDING", Duration.ofSeconds(60));
    long ending = System.nanoTime();
    assertThat(jvm.waitForExit(Duration.ofSeconds(60))).isZero();
    return Duration.ofNanos(System.nanoTime() - ending);
  }

  private static long spansEndedBeforeExit(AgentJvm jvm) {
    Matcher matcher = ENDING.matcher(jvm.awaitStdout("ENDING", Duration.ZERO));
    assertThat(matcher.find()).isTrue();
    return Long.parseLong(matcher.group(1));
  }
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

  @Test
  void underLoadEverySpanEndedBeforeSystemExitIsFlushedWithinTheBoundOrCountedAsDropped() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        // Nothing leaves before exit unless 2048 spans fill a batch: the queue is full of work at exit.
        AgentJvm jvm = underLoad(receiver.endpoint(), "exit", "5s", "ARGUS_EXPORT_DELAY", "60s")) {
      Duration exit = timeToExitAfterEnding(jvm);
      long ended = spansEndedBeforeExit(jvm);
      JsonNode summary = Json.parseObject(jvm.awaitStderr("\"event\":\"shutdown_flushed\"", Duration.ZERO));
      long exported = summary.at("/spans_exported/otlp").asLong();
      JsonNode dropped = summary.path("spans_dropped");
      int received = receiver.store().spans().size();

      assertThat(dropped.path("shutdown").asLong()).as("queued spans left behind at exit").isZero();
      assertThat(received).as("spans the agent says it exported").isGreaterThanOrEqualTo((int) exported);
      // Nothing lost silently: every span ended before the exit call was delivered or counted as dropped (with a
      // slow receiver on a loaded machine, batches beyond the 2 in flight are dropped as exporter_busy).
      assertThat(received + dropped.path("queue_full").asLong() + dropped.path("exporter_busy").asLong()
          + dropped.path("export_failed").asLong()).isGreaterThanOrEqualTo(ended);
      assertThat(exit).isLessThan(Duration.ofSeconds(5).plus(EXIT_MARGIN));
      ReliabilityFigures.record("ShutdownFlushTest flush under load", ended + " spans ended before System.exit, "
          + received + " received, dropped " + dropped + "; exit took " + exit.toMillis()
          + " ms after the exit call (budget 5000 ms)");
    }
  }

  @Test
  void underLoadAStalledBackendDelaysSystemExitByNoMoreThanTheShutdownTimeout() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      receiver.stall();
      try (AgentJvm jvm = underLoad(receiver.endpoint(), "exit", "2s", "ARGUS_EXPORT_DELAY", "200",
          "OTEL_EXPORTER_OTLP_TIMEOUT", "30s")) {
        Duration exit = timeToExitAfterEnding(jvm);
        JsonNode summary = Json.parseObject(jvm.awaitStderr("\"event\":\"shutdown_flushed\"", Duration.ZERO));
        JsonNode dropped = summary.path("spans_dropped");

        assertThat(exit).isLessThan(Duration.ofSeconds(2).plus(EXIT_MARGIN));
        // Nothing the stalled backend never confirmed is lost silently: the exit line accounts for every span.
        assertThat(summary.at("/spans_unconfirmed/otlp").asLong() + dropped.path("exporter_busy").asLong()
            + dropped.path("export_failed").asLong() + dropped.path("shutdown").asLong()
            + dropped.path("queue_full").asLong()).isGreaterThanOrEqualTo(spansEndedBeforeExit(jvm));
        ReliabilityFigures.record("ShutdownFlushTest stalled backend", "exit took " + exit.toMillis()
            + " ms after the exit call (budget 2000 ms, export timeout 30 s); at exit: " + summary.path("spans_dropped")
            + " dropped, " + summary.path("spans_unconfirmed") + " unconfirmed");
      }
    }
  }

  @Test
  void noAgentThreadIsNonDaemonSoAJvmUnderLoadWhoseMainReturnsEndsByItself() {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm jvm = underLoad(receiver.endpoint(), "return", "2s", "ARGUS_EXPORT_DELAY", "200")) {
      Duration exit = timeToExitAfterEnding(jvm);

      assertThat(jvm.awaitStdout("NON-DAEMON THREADS", Duration.ZERO)).isEqualTo("NON-DAEMON THREADS []");
      assertThat(exit).isLessThan(Duration.ofSeconds(2).plus(EXIT_MARGIN));
      ReliabilityFigures.record("ShutdownFlushTest main returns", "JVM ended " + exit.toMillis()
          + " ms after main returned; non-daemon threads besides main: none");
    }
  }
}
