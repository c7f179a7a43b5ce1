package io.argus.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExportPipelineTest {
  private static final Resource RESOURCE =
      Resource.create(io.opentelemetry.api.common.Attributes.of(AttributeKey.stringKey("service.name"), "test"));
  private final ExporterChannel.ExportLatency noLatency = (exporter, seconds) -> {};
  private ExportPipeline pipeline;

  @AfterEach
  void stop() {
    if (pipeline != null) {
      pipeline.shutdown(2000);
    }
    ArgusTracer.uninstall();
  }

  private SpanQueue start(int capacity, int batchSize, long delayMillis, ExporterChannel... channels) {
    SpanQueue queue = new SpanQueue(capacity, batchSize);
    pipeline = new ExportPipeline(queue, List.of(channels), RESOURCE, batchSize, delayMillis);
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, queue);
    pipeline.start();
    return queue;
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }

  @Test
  void endedSpansReachEveryExporterWithTheirParentLinks() throws Exception {
    RecordingSpanExporter first = new RecordingSpanExporter();
    RecordingSpanExporter second = new RecordingSpanExporter();
    start(
        64, 8, 50, new ExporterChannel("a", first, 2, noLatency), new ExporterChannel("b", second, 2, noLatency));

    ArgusSpan parent = ArgusTracer.startSpan("parent", SpanKind.SERVER, ArgusContext.ROOT);
    try (Scope ignored = parent.makeCurrent()) {
      ArgusTracer.startSpan("child", SpanKind.CLIENT).end();
    }
    parent.end();

    awaitTrue(() -> first.received.size() == 2 && second.received.size() == 2);
    SpanData child = first.received.get(0);
    SpanData root = first.received.get(1);
    assertThat(child.getName()).isEqualTo("child");
    assertThat(child.getParentSpanId()).isEqualTo(root.getSpanId());
    assertThat(child.getTraceId()).isEqualTo(root.getTraceId());
    assertThat(root.getParentSpanContext().isValid()).isFalse();
    assertThat(root.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("test");
  }

  @Test
  void aFullQueueDropsAndCountsWithoutBlocking() {
    SpanQueue queue = new SpanQueue(16, 16); // no consumer started
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, queue);

    long start = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      ArgusTracer.startSpan("s" + i, SpanKind.INTERNAL).end();
    }

    assertThat(queue.depth()).isEqualTo(16);
    assertThat(queue.droppedBecauseFull()).isEqualTo(84);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
  }

  @Test
  void aFailingExporterCountsItsDropsAndDoesNotAffectTheOthers() throws Exception {
    RecordingSpanExporter failing = new RecordingSpanExporter();
    failing.mode = RecordingSpanExporter.Mode.FAIL;
    RecordingSpanExporter healthy = new RecordingSpanExporter();
    ExporterChannel failingChannel = new ExporterChannel("failing", failing, 2, noLatency);
    start(64, 4, 20, failingChannel, new ExporterChannel("healthy", healthy, 2, noLatency));

    for (int i = 0; i < 8; i++) {
      ArgusTracer.startSpan("s" + i, SpanKind.INTERNAL).end();
    }

    awaitTrue(() -> healthy.received.size() == 8 && failingChannel.droppedFailed() == 8);
    assertThat(failingChannel.state()).isEqualTo(ExporterChannel.State.FAILING);
    assertThat(failingChannel.lastError()).contains("Connection refused");
  }

  @Test
  void aBackendThatNeverAnswersCostsBoundedMemoryAndRecoversWhenItAnswers() throws Exception {
    RecordingSpanExporter hanging = new RecordingSpanExporter();
    hanging.mode = RecordingSpanExporter.Mode.HANG;
    ExporterChannel channel = new ExporterChannel("slow", hanging, 2, noLatency);
    start(64, 4, 10, channel);

    for (int i = 0; i < 40; i++) {
      ArgusTracer.startSpan("s" + i, SpanKind.INTERNAL).end();
      Thread.sleep(1);
    }
    // Every span is either held in one of the (at most two) batches in flight or dropped as busy; batches may be
    // partial when the 10 ms delay passes first on a loaded machine.
    awaitTrue(() -> channel.droppedBusy() + channel.inFlightSpans() == 40 && channel.inFlight() == 2);
    assertThat(channel.inFlight()).isEqualTo(2); // never more than two batches held for it

    hanging.pending.forEach(result -> result.succeed());
    hanging.mode = RecordingSpanExporter.Mode.ACCEPT;
    ArgusTracer.startSpan("after", SpanKind.INTERNAL).end();
    awaitTrue(() -> hanging.received.stream().anyMatch(span -> span.getName().equals("after")));
    assertThat(channel.state()).isEqualTo(ExporterChannel.State.OK);
  }

  @Test
  void shutdownFlushesWhatIsQueued() {
    RecordingSpanExporter exporter = new RecordingSpanExporter();
    start(1024, 512, 60_000, new ExporterChannel("a", exporter, 2, noLatency)); // delay far in the future

    for (int i = 0; i < 10; i++) {
      ArgusTracer.startSpan("s" + i, SpanKind.INTERNAL).end();
    }
    pipeline.shutdown(2000);
    pipeline = null;

    assertThat(exporter.received).hasSize(10);
  }

  @Test
  void shutdownImmediatelyAfterStartStillFlushesInsteadOfSleepingThroughTheDelay() {
    for (int attempt = 0; attempt < 20; attempt++) {
      RecordingSpanExporter exporter = new RecordingSpanExporter();
      start(1024, 512, 60_000, new ExporterChannel("a", exporter, 2, noLatency));
      ArgusTracer.startSpan("s", SpanKind.INTERNAL).end();

      long begin = System.nanoTime();
      pipeline.shutdown(5000);
      pipeline = null;

      assertThat(exporter.received).hasSize(1);
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(5000);
    }
  }

  @Test
  void exceptionsBecomeExceptionEventsWithTypeMessageAndStackTrace() throws Exception {
    RecordingSpanExporter exporter = new RecordingSpanExporter();
    start(64, 1, 10, new ExporterChannel("a", exporter, 2, noLatency));

    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    span.recordException(new IllegalArgumentException("bad input"));
    span.end();

    awaitTrue(() -> exporter.received.size() == 1);
    SpanData data = exporter.received.get(0);
    assertThat(data.getStatus().getStatusCode().name()).isEqualTo("ERROR");
    assertThat(data.getEvents()).hasSize(1);
    assertThat(data.getEvents().get(0).getName()).isEqualTo("exception");
    assertThat(data.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalArgumentException");
    assertThat(data.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("bad input");
    assertThat(data.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("exception.stacktrace")))
        .contains("ExportPipelineTest");
  }
}
