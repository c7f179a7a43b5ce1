package io.argus.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.propagation.TraceparentCodec;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.argus.bootstrap.sampling.ParentBasedSampler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArgusTracerTest {
  private final List<ArgusSpan> ended = new ArrayList<>();

  @BeforeEach
  void install() {
    ArgusTracer.install(new ParentBasedSampler(ConstantSampler.ALWAYS_ON), ended::add);
  }

  @AfterEach
  void uninstall() {
    ArgusTracer.uninstall();
  }

  @Test
  void aRootSpanStartsANewValidSampledTrace() {
    ArgusSpan span = ArgusTracer.startSpan("root", SpanKind.SERVER, ArgusContext.ROOT);

    assertThat(span.spanContext().isValid()).isTrue();
    assertThat(span.spanContext().isSampled()).isTrue();
    assertThat(span.parentSpanId()).isZero();
    assertThat(span.isRecording()).isTrue();
  }

  @Test
  void aChildSpanInheritsTheTraceIdAndPointsAtItsParent() {
    ArgusSpan parent = ArgusTracer.startSpan("parent", SpanKind.SERVER, ArgusContext.ROOT);
    ArgusSpan child;
    try (Scope ignored = parent.makeCurrent()) {
      child = ArgusTracer.startSpan("child", SpanKind.CLIENT);
    }

    assertThat(child.spanContext().traceIdHigh()).isEqualTo(parent.spanContext().traceIdHigh());
    assertThat(child.spanContext().traceIdLow()).isEqualTo(parent.spanContext().traceIdLow());
    assertThat(child.parentSpanId()).isEqualTo(parent.spanContext().spanId());
    assertThat(child.spanContext().spanId()).isNotEqualTo(parent.spanContext().spanId());
    assertThat(child.isParentRemote()).isFalse();
  }

  @Test
  void aSpanUnderARemoteParentContinuesTheRemoteTrace() {
    SpanContext remote =
        TraceparentCodec.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    ArgusSpan span = ArgusTracer.startSpan("server", SpanKind.SERVER, ArgusContext.remote(remote, null));

    assertThat(TraceparentCodec.traceIdHex(span.spanContext().traceIdHigh(), span.spanContext().traceIdLow()))
        .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TraceparentCodec.spanIdHex(span.parentSpanId())).isEqualTo("00f067aa0ba902b7");
    assertThat(span.isParentRemote()).isTrue();
  }

  @Test
  void anUnsampledRemoteParentMakesANonRecordingSpanThatStillPropagatesIds() {
    SpanContext remote =
        TraceparentCodec.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
    ArgusSpan span = ArgusTracer.startSpan("server", SpanKind.SERVER, ArgusContext.remote(remote, null));
    span.setAttribute("ignored", "value");
    span.end();

    assertThat(span.isRecording()).isFalse();
    assertThat(span.spanContext().isValid()).isTrue();
    assertThat(span.spanContext().isSampled()).isFalse();
    assertThat(span.attributeCount()).isZero();
    assertThat(ended).isEmpty();
  }

  @Test
  void endingASampledSpanHandsItToTheSinkExactlyOnce() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    span.end();
    span.end();

    assertThat(ended).containsExactly(span);
    assertThat(span.endEpochNanos()).isGreaterThanOrEqualTo(span.startEpochNanos());
  }

  @Test
  void anEndedSpanIgnoresFurtherChanges() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    span.setAttribute("before", 1L);
    span.end();
    span.setAttribute("after", 2L);
    span.updateName("renamed");

    assertThat(span.attribute("before")).isEqualTo(1L);
    assertThat(span.attribute("after")).isNull();
    assertThat(span.name()).isEqualTo("op");
  }

  @Test
  void withoutAnInstalledAgentSpansAreNonRecording() {
    ArgusTracer.uninstall();
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    span.end();

    assertThat(span.isRecording()).isFalse();
    assertThat(ended).isEmpty();
  }

  @Test
  void settingAnAttributeTwiceKeepsTheLastValue() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    span.setAttribute("k", "first").setAttribute("k", "second");

    assertThat(span.attributeCount()).isEqualTo(1);
    assertThat(span.attribute("k")).isEqualTo("second");
  }

  @Test
  void anEqualKeyInAnotherStringInstanceStillReplacesTheValue() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    span.setAttribute(new String("http.route"), "/a");
    span.setAttribute(new String("http.route"), "/b");

    assertThat(span.attributeCount()).isEqualTo(1);
    assertThat(span.attribute("http.route")).isEqualTo("/b");
  }

  @Test
  void keysWhoseHashesCollideStayDistinctAndEachIsReplacedInPlace() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
    span.setAttribute("Aa", 1L).setAttribute("BB", 2L);
    for (int i = 0; i < 100; i++) { // far more keys than the 64 bits that skip the duplicate scan
      span.setAttribute("key." + i, (long) i);
    }
    for (int i = 0; i < 100; i++) {
      span.setAttribute("key." + i, (long) -i);
    }
    span.setAttribute("BB", 3L);

    assertThat(span.attributeCount()).isEqualTo(102);
    assertThat(span.attribute("Aa")).isEqualTo(1L);
    assertThat(span.attribute("BB")).isEqualTo(3L);
    assertThat(span.attribute("key.99")).isEqualTo(-99L);
  }

  @Test
  void aCallSitesSharedAttributesAreCopiedBeforeAnyChangeSoTheTemplateNeverChanges() {
    String[] keys = {"code.function", "agent.name"};
    Object[] values = {"quote", "pricing"};
    ArgusSpan first = ArgusTracer.startSpan("op", SpanKind.INTERNAL).setAttributes(keys, values);
    ArgusSpan second = ArgusTracer.startSpan("op", SpanKind.INTERNAL).setAttributes(keys, values);

    first.setAttribute("agent.name", "other");
    first.setAttribute("extra", 1L);
    second.setAttribute("more", true);

    assertThat(first.attribute("agent.name")).isEqualTo("other");
    assertThat(first.attribute("extra")).isEqualTo(1L);
    assertThat(first.attributeCount()).isEqualTo(3);
    assertThat(second.attribute("agent.name")).isEqualTo("pricing");
    assertThat(second.attribute("more")).isEqualTo(true);
    assertThat(second.attribute("extra")).isNull();
    assertThat(keys).containsExactly("code.function", "agent.name");
    assertThat(values).containsExactly("quote", "pricing");
  }

  @Test
  void sharedAttributesGivenToASpanThatHasSomeAlreadyAreAddedOneByOne() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL).setAttribute("agent.name", "first");
    span.setAttributes(new String[] {"agent.name", "code.function"}, new Object[] {"pricing", "quote"});

    assertThat(span.attributeCount()).isEqualTo(2);
    assertThat(span.attribute("agent.name")).isEqualTo("pricing");
    assertThat(span.attribute("code.function")).isEqualTo("quote");
  }

  @Test
  void numbersAreKeptExactlyWhetherTheirBoxesAreReusedOrNot() {
    ArgusSpan first = ArgusTracer.startSpan("GET", SpanKind.SERVER, ArgusContext.ROOT);
    ArgusSpan second = ArgusTracer.startSpan("GET", SpanKind.SERVER, ArgusContext.ROOT);
    first.setAttribute("http.response.status_code", 200L).setAttribute("server.port", 8080L);
    second.setAttribute("http.response.status_code", 200L).setAttribute("server.port", 8080L + 256);
    second.setAttribute("big", 1L << 40).setAttribute("negative", -1L);

    assertThat(second.attribute("http.response.status_code")).isSameAs(first.attribute("http.response.status_code"));
    assertThat(first.attribute("server.port")).isEqualTo(8080L);
    assertThat(second.attribute("server.port")).isEqualTo(8336L); // same slot as 8080, another value
    assertThat(second.attribute("big")).isEqualTo(1L << 40);
    assertThat(second.attribute("negative")).isEqualTo(-1L);
  }

  @Test
  void reservedRoomHoldsTheAttributesWithoutGrowingAndChangesNothingElse() {
    ArgusSpan span = ArgusTracer.startSpan("GET", SpanKind.SERVER, ArgusContext.ROOT);
    span.reserveAttributes(16);
    String[] keys = span.attributeKeys();
    for (int i = 0; i < 12; i++) {
      span.setAttribute("key" + i, "value" + i);
    }
    assertThat(span.attributeKeys()).isSameAs(keys).hasSize(16);
    assertThat(span.attributeCount()).isEqualTo(12);
    assertThat(span.attribute("key11")).isEqualTo("value11");
    span.reserveAttributes(64); // too late: the arrays exist
    assertThat(span.attributeKeys()).isSameAs(keys);
  }

  @Test
  void attributesBeyondTheLimitAreDroppedAndCounted() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    for (int i = 0; i < ArgusSpan.MAX_ATTRIBUTES + 5; i++) {
      span.setAttribute("k" + i, i);
    }

    assertThat(span.attributeCount()).isEqualTo(ArgusSpan.MAX_ATTRIBUTES);
    assertThat(span.droppedAttributes()).isEqualTo(5);
  }

  @Test
  void recordingAnExceptionAddsAnExceptionEventAndSetsErrorStatus() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    IllegalStateException failure = new IllegalStateException("boom");
    span.recordException(failure);

    assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
    assertThat(span.events()).hasSize(1);
    assertThat(span.events().get(0).name()).isEqualTo("exception");
    assertThat(span.events().get(0).exception()).isSameAs(failure);
  }

  @Test
  void okStatusIsFinal() {
    ArgusSpan span = ArgusTracer.startSpan("op", SpanKind.INTERNAL);
    span.setStatus(SpanStatus.OK, null);
    span.setStatus(SpanStatus.ERROR, "late");

    assertThat(span.status()).isEqualTo(SpanStatus.OK);
    assertThat(span.statusDescription()).isNull();
  }

  @Test
  void startAndEndAreCounted() {
    long started = TracerStats.SPANS_STARTED.sum();
    long endedBefore = TracerStats.SPANS_ENDED.sum();
    ArgusTracer.startSpan("op", SpanKind.INTERNAL).end();

    assertThat(TracerStats.SPANS_STARTED.sum()).isEqualTo(started + 1);
    assertThat(TracerStats.SPANS_ENDED.sum()).isEqualTo(endedBefore + 1);
  }

  @Test
  void whileRecordingIsPausedNewSpansAreNotRecordedAndAreCounted() {
    long before = TracerStats.SPANS_NOT_RECORDED_PAUSED.sum();
    ArgusTracer.pauseRecording();
    ArgusSpan span = ArgusTracer.startSpan("paused", SpanKind.SERVER, ArgusContext.ROOT);
    span.end();

    assertThat(ArgusTracer.isPaused()).isTrue();
    assertThat(span.isRecording()).isFalse();
    assertThat(span.spanContext().isValid()).isTrue();
    assertThat(ended).isEmpty();
    assertThat(TracerStats.SPANS_NOT_RECORDED_PAUSED.sum()).isEqualTo(before + 1);
  }

  @Test
  void aSpanStartedBeforeThePauseIsStillHandedToTheSinkWhenItEnds() {
    ArgusSpan span = ArgusTracer.startSpan("before", SpanKind.SERVER, ArgusContext.ROOT);
    ArgusTracer.pauseRecording();
    span.end();

    assertThat(ended).containsExactly(span);
  }

  @Test
  void resumingRecordingRecordsNewSpansAgain() {
    ArgusTracer.pauseRecording();
    ArgusTracer.resumeRecording();
    ArgusSpan span = ArgusTracer.startSpan("resumed", SpanKind.SERVER, ArgusContext.ROOT);

    assertThat(ArgusTracer.isPaused()).isFalse();
    assertThat(span.isRecording()).isTrue();
  }

  @Test
  void resumingDoesNotTurnOnATracerThatWasUninstalled() {
    ArgusTracer.uninstall();
    ArgusTracer.resumeRecording();

    assertThat(ArgusTracer.startSpan("off", SpanKind.SERVER, ArgusContext.ROOT).isRecording()).isFalse();
  }
}
