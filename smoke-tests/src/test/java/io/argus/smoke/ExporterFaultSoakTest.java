package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentEndpoint;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpLoad;
import io.argus.smoke.harness.Jcmd;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Five minutes of steady load on the demo while its OTLP receiver cycles through every fault and back: the
 * application's answers never change, the heap in use after a full collection does not grow (memory, not time, is
 * asserted: the latency of each phase is only reported), and export is running again at the end.
 */
class ExporterFaultSoakTest {
  private static final Duration PHASE = Duration.ofSeconds(30);
  /** null: the receiver works normally. Ten phases of 30 s. */
  private static final List<ReceiverFault> PHASES = Arrays.asList(
      null,
      ReceiverFault.DIES_MID_RUN,
      ReceiverFault.HTTP_500,
      null,
      ReceiverFault.HTTP_429_WITH_RETRY_AFTER,
      ReceiverFault.ACCEPTS_BUT_NEVER_ANSWERS,
      ReceiverFault.ANSWERS_GARBAGE,
      ReceiverFault.HTTP_503,
      ReceiverFault.ACCEPTS_BUT_NEVER_ANSWERS,
      null);
  private static final int RATE_PER_SECOND = 40;
  /** Late heap samples may exceed the early ones by this share plus a fixed slack; a leak over 5 min does not fit. */
  private static final double HEAP_GROWTH_ALLOWED = 0.25;
  private static final long HEAP_SLACK_BYTES = 8L << 20;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void fiveMinutesOfLoadThroughEveryReceiverFaultLeaveTheAnswersUnchangedAndTheHeapFlat() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    String app = "http://127.0.0.1:" + appPort + "/owners/1";
    AgentEndpoint agent = new AgentEndpoint(metricsPort);
    List<Long> heapAfterGc = new ArrayList<>();
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm demo = DemoService.exportingTo(receiver, appPort, metricsPort, "1000")) {
      ReceiverFault previous = null;
      for (int phase = 0; phase < PHASES.size(); phase++) {
        ReceiverFault fault = PHASES.get(phase);
        if (previous != null) {
          previous.recover(receiver);
        }
        if (fault != null) {
          fault.apply(receiver);
        }
        previous = fault;

        HttpLoad.Result load = HttpLoad.run(app, body -> body.contains("George Franklin"), PHASE, RATE_PER_SECOND, 2);
        long heap = heapAfterFullGc(demo, agent);
        heapAfterGc.add(heap);
        ReliabilityFigures.record("ExporterFaultSoakTest phase " + (phase + 1) + " "
            + (fault == null ? "NO_FAULT" : fault.name()), load.summary() + " heap_after_gc=" + (heap >> 10) + "KiB");
        assertThat(load.failures()).as("answers that differ from the application's own, phase " + (phase + 1))
            .isEmpty();
        assertThat(load.requests()).isGreaterThan(RATE_PER_SECOND * (int) PHASE.toSeconds() / 2);
      }

      // Export runs again after the last recovery, without restart.
      int before = receiver.spans(span -> span.name().equals("GET /owners/{id}")).size();
      agent.awaitMetrics(m -> {
        HttpLoad.run(app, body -> true, Duration.ofMillis(500), 20, 1);
        return m.value("argus_exporter_up", "exporter", "otlp") == 1;
      }, Duration.ofSeconds(60));
      receiver.awaitSpans(span -> span.name().equals("GET /owners/{id}"), before + 1, Duration.ofSeconds(60));
      PrometheusText metrics = agent.metrics();
      JsonNode dropped = agent.status().at("/spans/dropped");
      long failed = (long) metrics.value("argus_spans_dropped_total", "exporter", "otlp", "reason", "export_failed");
      assertThat(failed).isPositive();
      assertThat(dropped.path("export_failed").asLong()).isGreaterThanOrEqualTo(failed);
      assertThat(metrics.value("argus_span_recording_paused")).isZero();
      ReliabilityFigures.record("ExporterFaultSoakTest", "heap after full GC per phase (KiB): "
          + heapAfterGc.stream().map(bytes -> String.valueOf(bytes >> 10)).toList() + "; dropped export_failed="
          + dropped.path("export_failed").asLong() + " exporter_busy=" + dropped.path("exporter_busy").asLong()
          + " queue_full=" + dropped.path("queue_full").asLong());

      long early = heapAfterGc.subList(0, 3).stream().mapToLong(Long::longValue).max().orElseThrow();
      long late = heapAfterGc.subList(heapAfterGc.size() - 3, heapAfterGc.size()).stream()
          .mapToLong(Long::longValue).max().orElseThrow();
      assertThat(late).as("heap after GC, late phases vs early phases " + heapAfterGc)
          .isLessThanOrEqualTo((long) (early * (1 + HEAP_GROWTH_ALLOWED)) + HEAP_SLACK_BYTES);
    }
  }

  /** A full collection in the demo (jcmd GC.run), then the heap in use as the agent's own JVM metrics report it. */
  private static long heapAfterFullGc(AgentJvm demo, AgentEndpoint agent) {
    Jcmd.run(demo.pid(), "GC.run");
    return (long) agent.metrics().value("jvm_memory_used_bytes", "area", "heap");
  }
}
