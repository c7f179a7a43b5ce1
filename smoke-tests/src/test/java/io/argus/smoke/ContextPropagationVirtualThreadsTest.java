package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.SmokeApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads on Temurin 25 (Executors.newVirtualThreadPerTaskExecutor, execute and submit): 100 000 of them, each
 * making a child span and sleeping with it current (so it unmounts and remounts). Pinning is read from JFR's
 * jdk.VirtualThreadPinned events, which the app records itself (-Djdk.tracePinnedThreads is gone since JDK 24); the
 * app pins one virtual thread on purpose (a sleep in a class initializer still pins) to show the recording works.
 */
class ContextPropagationVirtualThreadsTest {
  private static final int THREADS = 100_000;
  private static final Pattern HEAP = Pattern.compile("VT_HEAP_AFTER_GC round=(\\d+) bytes=(\\d+)");

  /** The exported children, as parsed from the JSON lines: [trace id, span id, parent span id]. */
  private static List<String[]> children;
  private static String[] parent;
  private static List<String> stdout;

  /**
   * The spans go out as the agent's JSON lines on stdout rather than over OTLP: that exporter is synchronous, so a
   * burst of 100 000 spans in two seconds is delivered whole, where OTLP (at most 2 batches in flight, then drop and
   * count, by design) would shed most of it on this machine.
   */
  @BeforeAll
  static void runOneHundredThousandVirtualThreadsWithTheAgent() {
    Path jdk = ContextPropagationApps.javaHome("25");
    try (AgentJvm app =
        AgentJvm.builder()
            .name("context-virtual")
            .classPath(SmokeApps.classPath("context-propagation-app"))
            .mainClass(ContextPropagationApps.MAIN)
            .args("virtual", String.valueOf(THREADS), "1")
            .javaHome(jdk)
            .env("OTEL_TRACES_EXPORTER", "console")
            .env("ARGUS_METRICS_PORT", "0")
            .env("ARGUS_SPAN_QUEUE_CAPACITY", "262144")
            .env("ARGUS_EXPORT_BATCH_SIZE", "8192")
            .env("ARGUS_SHUTDOWN_TIMEOUT", "60s")
            .echo(false)
            .start()) {
      assertThat(app.waitForExit(Duration.ofSeconds(300))).as(app.describeOutput()).isZero();
      stdout = app.stdoutLines();
    }
    children = new ArrayList<>();
    for (String line : stdout) {
      if (line.startsWith("{") && line.contains("virtual-threads")) {
        JsonNode span = Json.parseObject(line);
        String[] ids = {span.path("trace_id").asText(), span.path("span_id").asText(),
            span.path("parent_span_id").asText()};
        if (span.path("name").asText().equals("scenario:virtual-threads")) {
          parent = ids;
        } else if (span.path("name").asText().equals("virtual-threads-child")) {
          children.add(ids);
        }
      }
    }
  }

  @Test
  void aHundredThousandVirtualThreadsAllRunAsChildrenOfTheSpanCurrentWhenTheyWereCreated() {
    assertThat(parent).as("the scenario's span").isNotNull();
    assertThat(children).hasSize(THREADS);
    assertThat(children.stream().filter(child -> !child[2].equals(parent[1])).count()).isZero();
    assertThat(children.stream().filter(child -> !child[0].equals(parent[0])).count()).isZero();
    // In the app: each thread saw the parent before its own span, and its own span after remounting.
    assertThat(stdout).anySatisfy(line -> assertThat(line).startsWith("VT_ROUND 1 tasks=" + THREADS + " mismatches=0 "));
  }

  @Test
  void argusPinsNoVirtualThreadOnlyTheDeliberateControlIsReported() {
    assertThat(stdout).contains("VT_CONTROL initialised", "VT_PINNED_EVENTS=1");
    List<String> pinned = stdout.stream().filter(line -> line.startsWith("VT_PINNED ")).toList();
    assertThat(pinned).singleElement().satisfies(stack -> {
      assertThat(stack).contains("PinsWhileInitialising.<clinit>");
      assertThat(stack).doesNotContain("io.argus.bootstrap");
    });
  }

  @Test
  void virtualThreadsLeaveNoStateThatGrowsWithTheirNumber() {
    Path jdk = ContextPropagationApps.javaHome("25");
    // Three rounds of 100 000 each, spans not exported (always_off keeps ids and propagation, records nothing).
    List<Long> withAgent = heapAfterEachRound(
        AgentJvm.builder().name("virtual-heap-agent").env("OTEL_TRACES_SAMPLER", "always_off")
            .env("OTEL_TRACES_EXPORTER", "none").env("ARGUS_METRICS_PORT", "0"), jdk);
    Path bootstrapJar = bootstrapJar();
    List<Long> withoutAgent = heapAfterEachRound(
        AgentJvm.builder().name("virtual-heap-no-agent").withoutAgent().classPath(bootstrapJar.toString()), jdk);

    long mb = 1024 * 1024;
    // After the first round everything is warm: 200 000 more threads must not add anything that stays.
    assertThat(withAgent.get(2)).as("heap after round 3 vs round 1, with the agent %s", withAgent)
        .isLessThanOrEqualTo(withAgent.get(0) + 2 * mb);
    // The agent's own fixed footprint (its classes' static state, queue, registry) is the whole difference.
    assertThat(withAgent.get(2) - withoutAgent.get(2))
        .as("with %s vs without %s", withAgent, withoutAgent)
        .isLessThan(32 * mb);
  }

  private static List<Long> heapAfterEachRound(AgentJvm.Builder builder, Path jdk) {
    try (AgentJvm app = builder
        .classPath(SmokeApps.classPath("context-propagation-app"))
        .mainClass(ContextPropagationApps.MAIN)
        .args("virtual", String.valueOf(THREADS), "3")
        .javaHome(jdk)
        .echo(false)
        .start()) {
      assertThat(app.waitForExit(Duration.ofSeconds(240))).as(app.describeOutput()).isZero();
      List<Long> heap = new ArrayList<>();
      for (String line : app.stdoutLines()) {
        Matcher matcher = HEAP.matcher(line);
        if (matcher.matches()) {
          heap.add(Long.parseLong(matcher.group(2)));
        }
      }
      assertThat(heap).as(app.describeOutput()).hasSize(3);
      return heap;
    }
  }

  /** The bootstrap API jar, so that the app runs unchanged without the agent (its spans are then no-ops). */
  private static Path bootstrapJar() {
    Path target = SmokeApps.appsDir().resolve("../../bootstrap/target").normalize();
    try (var files = Files.list(target)) {
      return files.filter(f -> f.getFileName().toString().matches("argus-bootstrap-.*\\.jar")).findFirst()
          .orElseThrow(() -> new IllegalStateException("build bootstrap first: no jar in " + target));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
