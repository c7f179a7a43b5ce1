package io.argus.instrumentation.capabilities;

import static io.argus.instrumentation.capabilities.InstrumentedCopies.call;
import static io.argus.instrumentation.capabilities.InstrumentedCopies.newInstance;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.CALLS;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.DURATION;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.metric;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.onlySpan;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.span;
import static io.argus.instrumentation.capabilities.RecordedTelemetry.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanEvent;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanStatus;
import io.argus.bootstrap.capabilities.CapabilitySwitches;
import io.argus.bootstrap.capabilities.CapturePlan;
import io.argus.instrumentation.capabilities.fixtures.BaseAgent;
import io.argus.instrumentation.capabilities.fixtures.PlannerAgent;
import io.argus.instrumentation.capabilities.fixtures.PricingAgent;
import io.argus.instrumentation.capabilities.fixtures.ResearchAgent;
import io.argus.instrumentation.capabilities.fixtures.WriterAgent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Capability methods instrumented by rules, called for real: spans, metrics, and the application's view. */
class CapabilityCallsTest {
  private static final String AGENT = ResearchAgent.class.getName();

  @BeforeEach
  void recordEverything() {
    RecordedTelemetry.reset(true);
  }

  @AfterEach
  void restoreSwitches() {
    CapabilitySwitches.set(0, true);
    CapturePlan.setMaxLength(256);
  }

  @Test
  void aCallMakesAnInternalSpanNamedAgentDotCapabilityWithCodeAndAgentAttributes() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[research]"));

    assertThat(call(agent, "research", "tariffs")).isEqualTo("found tariffs");

    ArgusSpan span = onlySpan();
    assertThat(span.name()).isEqualTo("ResearchAgent.research");
    assertThat(span.kind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.attribute("code.namespace")).isEqualTo(AGENT);
    assertThat(span.attribute("code.function")).isEqualTo("research");
    assertThat(span.attribute("agent.name")).isEqualTo("ResearchAgent");
    assertThat(span.attribute("agent.capability")).isEqualTo("research");
    assertThat(span.status()).isEqualTo(SpanStatus.UNSET);
    assertThat(metric(CALLS + "_total", "ResearchAgent", "research", "ok")).isEqualTo(1);
    assertThat(metric(DURATION + "_count", "ResearchAgent", "research")).isEqualTo(1);
    assertThat(metric(DURATION + "_sum", "ResearchAgent", "research")).isGreaterThan(0);
  }

  @Test
  void theSpanIsAChildOfTheCurrentSpanAndTheParentOfSpansMadeInsideTheMethod() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[withInnerWork]"));
    ArgusSpan request = ArgusTracer.startSpan("GET /research", SpanKind.SERVER);

    try (Scope ignored = request.makeCurrent()) {
      call(agent, "withInnerWork");
    }
    request.end();

    ArgusSpan capability = span("ResearchAgent.withInnerWork");
    ArgusSpan inner = span("SELECT prices");
    assertThat(capability.parentSpanId()).isEqualTo(request.spanContext().spanId());
    assertThat(capability.spanContext().traceIdLow()).isEqualTo(request.spanContext().traceIdLow());
    assertThat(inner.parentSpanId()).isEqualTo(capability.spanContext().spanId());
    assertThat(io.argus.bootstrap.ArgusContext.current().span()).isNull(); // nothing left on the thread
  }

  @Test
  void anExceptionIsRecordedAsAnErrorAndRethrownUnchanged() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[fail]"));
    IllegalArgumentException thrown = new IllegalArgumentException("no source");

    assertThatThrownBy(() -> call(agent, "fail", thrown)).isSameAs(thrown);

    ArgusSpan span = onlySpan();
    assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
    assertThat(span.events()).singleElement().satisfies(event -> {
      assertThat(event.name()).isEqualTo(SpanEvent.EXCEPTION);
      assertThat(event.exception()).isSameAs(thrown);
    });
    assertThat(metric(CALLS + "_total", "ResearchAgent", "fail", "error")).isEqualTo(1);
    assertThat(metric(CALLS + "_total", "ResearchAgent", "fail", "ok")).isZero();
    assertThat(metric(DURATION + "_count", "ResearchAgent", "fail")).isEqualTo(1);
  }

  @Test
  void returnValuesReachTheCallerUnchangedPrimitivesAndObjectsAlike() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[plan,total,same]"));
    Object value = new Object();

    assertThat(call(agent, "plan", 21)).isEqualTo(42);
    assertThat(call(agent, "total", 2L, 0.6, true)).isEqualTo(3L);
    assertThat(call(agent, "same", value)).isSameAs(value);
    assertThat(call(agent, "same", (Object) null)).isNull();
    assertThat(spans()).hasSize(4);
  }

  @Test
  void anAsynchronousCapabilityEndsWhenItsFutureCompletesAndReturnsTheSameFuture() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[later]"));
    CompletableFuture<String> result = new CompletableFuture<>();

    assertThat(call(agent, "later", result)).isSameAs(result);
    assertThat(spans()).isEmpty();
    assertThat(metric(CALLS + "_total", "ResearchAgent", "later", "ok")).isZero();

    Thread.sleep(20);
    result.complete("report");

    ArgusSpan span = onlySpan();
    assertThat(span.status()).isEqualTo(SpanStatus.UNSET);
    assertThat(span.endEpochNanos() - span.startEpochNanos()).isGreaterThanOrEqualTo(20_000_000L);
    assertThat(metric(CALLS + "_total", "ResearchAgent", "later", "ok")).isEqualTo(1);
    assertThat(metric(DURATION + "_sum", "ResearchAgent", "later")).isGreaterThanOrEqualTo(0.02);
  }

  @Test
  void aFutureThatFailsMakesAnErrorCallWithTheApplicationsException() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[later,stage]"));
    CompletableFuture<String> result = new CompletableFuture<>();
    IllegalStateException failure = new IllegalStateException("quota exceeded");

    call(agent, "later", result);
    result.completeExceptionally(new CompletionException(failure));
    CompletableFuture<String> stage = new CompletableFuture<>();
    call(agent, "stage", stage);
    stage.completeExceptionally(failure);

    assertThat(span("ResearchAgent.later").status()).isEqualTo(SpanStatus.ERROR);
    assertThat(span("ResearchAgent.later").events().get(0).exception()).isSameAs(failure);
    assertThat(span("ResearchAgent.stage").events().get(0).exception()).isSameAs(failure);
    assertThat(metric(CALLS + "_total", "ResearchAgent", "later", "error")).isEqualTo(1);
    assertThat(metric(CALLS + "_total", "ResearchAgent", "stage", "error")).isEqualTo(1);
  }

  @Test
  void aFutureAlreadyCompleteEndsTheCallAtOnce() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[later]"));

    call(agent, "later", CompletableFuture.completedFuture("cached"));

    assertThat(onlySpan().hasEnded()).isTrue();
    assertThat(metric(CALLS + "_total", "ResearchAgent", "later", "ok")).isEqualTo(1);
  }

  @Test
  void anOverloadDelegatingToTheSameCapabilityIsOneCall() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[research]"));

    assertThat(call(agent, "research", "q", 2)).isEqualTo("found q at depth 2");

    assertThat(onlySpan().name()).isEqualTo("ResearchAgent.research");
    assertThat(metric(CALLS + "_total", "ResearchAgent", "research", "ok")).isEqualTo(1);
  }

  @Test
  void oneAgentCallingAnotherNestsTheirSpans() throws Throwable {
    Map<String, Class<?>> types = InstrumentedCopies.together(
        List.of(ResearchAgent.class, PricingAgent.class),
        AGENT + "[delegateTo]", PricingAgent.class.getName() + "[price]");
    Object research = newInstance(types.get("ResearchAgent"));
    Object pricing = newInstance(types.get("PricingAgent"));

    assertThat(call(research, "delegateTo", pricing)).isEqualTo("price of research");

    ArgusSpan outer = span("ResearchAgent.delegateTo");
    ArgusSpan inner = span("PricingAgent.price");
    assertThat(inner.parentSpanId()).isEqualTo(outer.spanContext().spanId());
  }

  @Test
  void metricsAreExactWhenNoSpanIsSampled() throws Throwable {
    RecordedTelemetry.reset(false);
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[research,fail]"));

    for (int i = 0; i < 5; i++) {
      call(agent, "research", "q" + i);
    }
    assertThatThrownBy(() -> call(agent, "fail", new IllegalStateException())).isInstanceOf(IllegalStateException.class);

    assertThat(spans()).isEmpty();
    assertThat(metric(CALLS + "_total", "ResearchAgent", "research", "ok")).isEqualTo(5);
    assertThat(metric(CALLS + "_total", "ResearchAgent", "fail", "error")).isEqualTo(1);
    assertThat(metric(DURATION + "_count", "ResearchAgent", "research")).isEqualTo(5);
  }

  @Test
  void aStaticMethodIsACapabilityOfItsClass() throws Throwable {
    Class<?> type = InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[version]");

    assertThat(call(type, "version")).isEqualTo("1.0");

    assertThat(onlySpan().name()).isEqualTo("ResearchAgent.version");
  }

  @Test
  void theAgentNameCanBeFixedOrReadFromAFieldOrAGetterOfTheInstance() throws Throwable {
    Object fixed = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[plan] agent=scholar"));
    Object byField = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[plan] agent=field:name"));
    Object byGetter = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[plan] agent=getName()"));
    byGetter.getClass().getField("name").set(byGetter, "librarian");

    call(fixed, "plan", 1);
    call(byField, "plan", 1);
    call(byGetter, "plan", 1);

    assertThat(spans()).extracting(ArgusSpan::name)
        .containsExactly("scholar.plan", "researcher-7.plan", "librarian.plan");
    assertThat(span("librarian.plan").attribute("agent.name")).isEqualTo("librarian");
    assertThat(metric(CALLS + "_total", "researcher-7", "plan", "ok")).isEqualTo(1);
  }

  @Test
  void anAgentGetterThatThrowsLeavesTheCallUnrecordedButUnchanged() throws Throwable {
    Object agent = newInstance(
        InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[plan] agent=getBrokenName()"));

    assertThat(call(agent, "plan", 4)).isEqualTo(8);

    assertThat(spans()).isEmpty();
  }

  @Test
  void argumentsAndTheReturnValueAreRecordedOnlyWhenTheRuleAsksAndNeverWhenTheyLookSecret() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class,
        AGENT + "[research(query,return), total(0,2), login(user,password,1), plan]"));

    call(agent, "research", "tariffs");
    call(agent, "total", 7L, 1.5, false);
    call(agent, "login", "ada", "s3cret");
    call(agent, "plan", 3);

    assertThat(span("ResearchAgent.research").attribute("agent.capability.argument.query")).isEqualTo("tariffs");
    assertThat(span("ResearchAgent.research").attribute("agent.capability.return_value")).isEqualTo("found tariffs");
    assertThat(span("ResearchAgent.total").attribute("agent.capability.argument.a")).isEqualTo(7L);
    assertThat(span("ResearchAgent.total").attribute("agent.capability.argument.round")).isEqualTo(false);
    assertThat(span("ResearchAgent.login").attribute("agent.capability.argument.user")).isEqualTo("ada");
    assertThat(span("ResearchAgent.login").attribute("agent.capability.argument.password")).isNull();
    assertThat(span("ResearchAgent.login").attribute("agent.capability.argument.1")).isNull();
    assertThat(span("ResearchAgent.plan").attribute("agent.capability.return_value")).isNull();
  }

  @Test
  void capturedTextIsCutToTheConfiguredLengthAndAFailingToStringIsLeftOut() throws Throwable {
    CapturePlan.setMaxLength(16);
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class,
        AGENT + "[research(query), describe(value)]"));
    Object broken = new Object() {
      @Override
      public String toString() {
        throw new IllegalStateException("toString failed");
      }
    };

    call(agent, "research", "a question much longer than sixteen characters");
    assertThat(call(agent, "describe", broken)).isEqualTo("described");

    assertThat(span("ResearchAgent.research").attribute("agent.capability.argument.query"))
        .isEqualTo("a question much ");
    assertThat(span("ResearchAgent.describe").attribute("agent.capability.argument.value")).isNull();
    assertThat(metric(CALLS + "_total", "ResearchAgent", "describe", "ok")).isEqualTo(1);
  }

  @Test
  void aWildcardTakesPublicMethodsButNotPrivateOnesNorToStringNorConstructors() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[*]"));

    assertThat(agent.toString()).isEqualTo("ResearchAgent");
    call(agent, "callHelper");

    assertThat(spans()).extracting(ArgusSpan::name).containsExactly("ResearchAgent.callHelper");
  }

  @Test
  void aSubtypeRuleTakesEveryImplementationAndAnOverrideCallingSuperIsOneCall() throws Throwable {
    String rule = "io.argus.instrumentation.capabilities.fixtures.Agent+[execute]";
    Map<String, Class<?>> types = InstrumentedCopies.together(
        List.of(PlannerAgent.class, BaseAgent.class, WriterAgent.class), rule);

    call(newInstance(types.get("PlannerAgent")), "execute", "trip");
    assertThat(call(newInstance(types.get("WriterAgent")), "execute", "memo")).isEqualTo("writer base memo");

    assertThat(spans()).extracting(ArgusSpan::name).containsExactly("PlannerAgent.execute", "WriterAgent.execute");
  }

  @Test
  void aRuleSwitchedOffRecordsNothingUntilSwitchedOnAgain() throws Throwable {
    Object agent = newInstance(InstrumentedCopies.withRules(ResearchAgent.class, AGENT + "[plan]"));

    CapabilitySwitches.set(0, false);
    assertThat(call(agent, "plan", 1)).isEqualTo(2);
    assertThat(spans()).isEmpty();

    CapabilitySwitches.set(0, true);
    call(agent, "plan", 1);
    assertThat(spans()).hasSize(1);
    assertThat(metric(CALLS + "_total", "ResearchAgent", "plan", "ok")).isEqualTo(1);
  }
}
