package io.argus.instrumentation.capabilities;

import static io.argus.instrumentation.capabilities.InstrumentedCopies.call;
import static io.argus.instrumentation.capabilities.InstrumentedCopies.newInstance;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.CALLS;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.metric;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.span;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.spans;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import io.argus.instrumentation.capabilities.fixtures.AnnotatedService;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OpenTelemetry's @WithSpan and @SpanAttribute, honoured by the agent without the OpenTelemetry SDK. */
class WithSpanAnnotationsTest {
  private Object service;

  @BeforeEach
  void instrumentTheAnnotatedService() {
    RecordedTelemetry.reset(true);
    service = newInstance(InstrumentedCopies.withRules(AnnotatedService.class));
  }

  @Test
  void anAnnotatedMethodIsACapabilityOfItsClassWithSpanAttributesFromItsParameters() throws Throwable {
    assertThat(call(service, "summarise", "doc-9", 12, "long body")).isEqualTo("summary of doc-9");

    ArgusSpan span = span("AnnotatedService.summarise");
    assertThat(span.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.attribute("agent.name")).isEqualTo("AnnotatedService");
    assertThat(span.attribute("agent.capability")).isEqualTo("summarise");
    assertThat(span.attribute("doc.id")).isEqualTo("doc-9");
    assertThat(span.attribute("pages")).isEqualTo(12L);
    assertThat(span.attribute("body")).isNull();
    assertThat(metric(CALLS + "_total", "AnnotatedService", "summarise", "ok")).isEqualTo(1);
  }

  @Test
  void theAnnotationsValueNamesTheCapabilityAndASecretLookingParameterIsNeverRecorded() throws Throwable {
    call(service, "quotes", "tok-123", "ACME");

    ArgusSpan span = span("AnnotatedService.fetchQuotes");
    assertThat(span.attribute("agent.capability")).isEqualTo("fetchQuotes");
    assertThat(span.attribute("symbol")).isEqualTo("ACME");
    assertThat(span.attribute("apiToken")).isNull();
  }

  @Test
  void kindAndInheritContextAreHonoured() throws Throwable {
    ArgusSpan request = ArgusTracer.startSpan("GET /", SpanKind.SERVER);
    try (Scope ignored = request.makeCurrent()) {
      call(service, "consume");
      call(service, "detached");
    }

    ArgusSpan consume = span("AnnotatedService.consume");
    ArgusSpan detached = span("AnnotatedService.detached");
    assertThat(consume.kind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(consume.parentSpanId()).isEqualTo(request.spanContext().spanId());
    assertThat(detached.parentSpanId()).isZero();
    assertThat(detached.spanContext().traceIdLow()).isNotEqualTo(request.spanContext().traceIdLow());
  }

  @Test
  void anAnnotatedAsynchronousMethodEndsWithItsFuture() throws Throwable {
    CompletableFuture<String> result = new CompletableFuture<>();
    assertThat(call(service, "async", result)).isSameAs(result);
    assertThat(spans()).isEmpty();

    result.complete("ok");

    assertThat(span("AnnotatedService.async").hasEnded()).isTrue();
  }

  @Test
  void theAnnotationNamesAreTheRealOnesThoughBuiltAtRunTime() {
    assertThat(WithSpanInstrumentation.WITH_SPAN)
        .isEqualTo(io.opentelemetry.instrumentation.annotations.WithSpan.class.getName());
    assertThat(CapturePlanner.SPAN_ATTRIBUTE)
        .isEqualTo(io.opentelemetry.instrumentation.annotations.SpanAttribute.class.getName());
  }

  @Test
  void unannotatedMethodsAreLeftAlone() throws Throwable {
    call(service, "notAnnotated");

    assertThat(spans()).isEmpty();
  }

  @Test
  void aMethodThatARuleTakesIsInstrumentedOnceByTheRule() throws Throwable {
    Object both = newInstance(InstrumentedCopies.withRules(AnnotatedService.class,
        AnnotatedService.class.getName() + "[claimedByRule] agent=ruled"));

    call(both, "claimedByRule");

    assertThat(spans()).extracting(ArgusSpan::name).containsExactly("ruled.claimedByRule");
  }

  @Test
  void statusListsTheAnnotatedMethodsAndWhatCouldNotBeRecorded() {
    WithSpanInstrumentation annotations = new WithSpanInstrumentation();
    annotations.targetsFor(TypeDescription.ForLoadedType.of(AnnotatedService.class),
        CapabilityRuleSet.parse(List.of()));

    InstrumentationStatusReader status = InstrumentationStatusReader.of(annotations);
    assertThat(status.get("instrumented_methods")).isEqualTo(6L);
    assertThat((List<?>) status.get("problems")).singleElement().asString()
        .contains("quotes").contains("apiToken").contains("looks secret");
  }

  /** Reads what the instrumentation publishes on /status. */
  static final class InstrumentationStatusReader {
    private final Map<String, Object> status;

    private InstrumentationStatusReader(Map<String, Object> status) {
      this.status = status;
    }

    static InstrumentationStatusReader of(WithSpanInstrumentation instrumentation) {
      return new InstrumentationStatusReader(instrumentation.report());
    }

    Object get(String key) {
      return status.get(key);
    }
  }
}
