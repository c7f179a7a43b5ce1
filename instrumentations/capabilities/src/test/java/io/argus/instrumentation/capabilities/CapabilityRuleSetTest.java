package io.argus.instrumentation.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.capabilities.fixtures.Agent;
import io.argus.instrumentation.capabilities.fixtures.BaseAgent;
import io.argus.instrumentation.capabilities.fixtures.PlannerAgent;
import io.argus.instrumentation.capabilities.fixtures.PricingAgent;
import io.argus.instrumentation.capabilities.fixtures.ResearchAgent;
import java.util.List;
import java.util.Map;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** Which classes and methods the rules take, and what /status says about each rule. */
class CapabilityRuleSetTest {
  private static final String FIXTURES = "io.argus.instrumentation.capabilities.fixtures.";

  private static TypeDescription type(Class<?> type) {
    return TypeDescription.ForLoadedType.of(type);
  }

  private static List<String> methods(Map<MethodDescription.InDefinedShape, CapabilityTarget> targets) {
    return targets.keySet().stream().map(MethodDescription::getName).toList();
  }

  @Test
  void theTypeMatcherTakesExactWildcardAndSubtypeRules() {
    CapabilityRuleSet rules = CapabilityRuleSet.parse(List.of(
        FIXTURES + "ResearchAgent[research]", FIXTURES + "*ingAgent[price]", FIXTURES + "Agent+[execute]"));

    assertThat(rules.typeMatcher().matches(type(ResearchAgent.class))).isTrue();
    assertThat(rules.typeMatcher().matches(type(PricingAgent.class))).isTrue();
    assertThat(rules.typeMatcher().matches(type(PlannerAgent.class))).isTrue();
    assertThat(rules.typeMatcher().matches(type(BaseAgent.class))).isTrue();
    assertThat(rules.typeMatcher().matches(type(String.class))).isFalse();
    assertThat(CapabilityRuleSet.parse(List.of()).isEmpty()).isTrue();
  }

  @Test
  void classFileHintsAreTheNamedMethodsElseTheTypesName() {
    assertThat(CapabilityRuleSet.parse(List.of()).classFileHints().names()).isEmpty();
    assertThat(CapabilityRuleSet.parse(List.of()).classFileHints().anyClassAccepted()).isFalse();

    ClassFileHints hints = CapabilityRuleSet.parse(List.of(
        "com.acme.Base+[research,plan]", "com.acme.Planner[*]", "com.acme.agents.*Agent[*]")).classFileHints();
    assertThat(hints.declaredMethods()).containsExactly("research", "plan");
    assertThat(hints.names()).containsExactly("com.acme.Planner");
    assertThat(hints.namePrefixes()).containsExactly("com.acme.agents.");
    assertThat(hints.anyClassAccepted()).isFalse();

    // Any subtype's method may match a wildcard: no class can be ruled out from its bytes.
    assertThat(CapabilityRuleSet.parse(List.of("com.acme.Base+[*]")).classFileHints().anyClassAccepted()).isTrue();
  }

  @Test
  void theFirstRuleThatTakesAMethodDecidesItsAgentName() {
    CapabilityRuleSet rules = CapabilityRuleSet.parse(List.of(
        FIXTURES + "ResearchAgent[plan] agent=first", FIXTURES + "ResearchAgent[plan,research] agent=second"));

    Map<MethodDescription.InDefinedShape, CapabilityTarget> targets = rules.targetsFor(type(ResearchAgent.class));

    assertThat(targets.values()).extracting(target -> target.spanName)
        .containsExactlyInAnyOrder("first.plan", "second.research", "second.research");
  }

  @Test
  void abstractInterfaceMethodsAreNotInstrumentedButDefaultOnesCanBe() {
    CapabilityRuleSet rules = CapabilityRuleSet.parse(List.of(FIXTURES + "Agent+[execute,describe]"));

    assertThat(methods(rules.targetsFor(type(Agent.class)))).containsExactly("describe");
    assertThat(methods(rules.targetsFor(type(PlannerAgent.class)))).containsExactly("execute");
  }

  @Test
  void onlyMethodsDeclaredToReturnACompletionStageAreAsynchronous() {
    CapabilityRuleSet rules = CapabilityRuleSet.parse(List.of(FIXTURES + "ResearchAgent[later,stage,same,plan]"));

    Map<String, Boolean> needsResult = new java.util.TreeMap<>();
    rules.targetsFor(type(ResearchAgent.class)).forEach((method, target) ->
        needsResult.put(method.getName(), target.needsReturnValue));

    assertThat(needsResult).containsExactly(
        Map.entry("later", true), Map.entry("plan", false), Map.entry("same", false), Map.entry("stage", true));
  }

  @Test
  @SuppressWarnings("unchecked")
  void statusReportsWhatEachRuleMatchedAndTheRulesThatMatchedNothing() {
    CapabilityRuleSet rules = CapabilityRuleSet.parse(List.of(
        FIXTURES + "ResearchAgent[research(query,missing,7),login(password)] agent=field:nope",
        FIXTURES + "PricingAgent[reprice]",
        "com.acme.Absent[run]"));
    rules.targetsFor(type(ResearchAgent.class));
    rules.targetsFor(type(PricingAgent.class));

    Map<String, Object> status = rules.status();

    assertThat((List<Object>) status.get("unmatched_rules")).containsExactly(
        FIXTURES + "PricingAgent[reprice]: classes matched, but no method did",
        "com.acme.Absent[run]: no class matched");
    Map<String, Object> first = (Map<String, Object>) ((List<?>) status.get("rules")).get(0);
    assertThat(first).containsEntry("index", 0).containsEntry("matched_types", 1L)
        .containsEntry("instrumented_methods", 3L).containsEntry("enabled", true);
    assertThat(first.get("types")).isEqualTo(List.of(FIXTURES + "ResearchAgent"));
    assertThat((List<?>) first.get("problems")).extracting(Object::toString).containsExactlyInAnyOrder(
        FIXTURES + "ResearchAgent: no field 'nope' it can read; agent name is ResearchAgent",
        FIXTURES + "ResearchAgent.research: no parameter named 'missing'; not recorded",
        FIXTURES + "ResearchAgent.research: no parameter at index 7; not recorded",
        FIXTURES + "ResearchAgent.login: parameter 'password' looks secret; never recorded");
  }

  @Test
  void simpleNamesOfNestedClassesDropTheOuterClass() {
    assertThat(CapabilityRuleSet.simpleName(type(Map.Entry.class))).isEqualTo("Entry");
    assertThat(CapabilityRuleSet.simpleName(type(ResearchAgent.class))).isEqualTo("ResearchAgent");
  }
}
