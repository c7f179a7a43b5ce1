package io.argus.instrumentation.capabilities;

import static net.bytebuddy.matcher.ElementMatchers.none;

import io.argus.bootstrap.capabilities.CapabilityMetrics;
import io.argus.bootstrap.capabilities.CapturePlan;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.api.InstrumentationStatus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Capabilities declared by configuration rules ({@code argus.capabilities}): a span, a call counter and a duration
 * histogram for each call of the methods the rules name. See {@link CapabilityRule} for the syntax.
 */
public final class CapabilitiesInstrumentation implements ArgusInstrumentation {
  static final String NAME = "capabilities";
  static final String RULES_SETTING = "argus.capabilities";
  static final String METRIC_PREFIX_SETTING = "argus.metrics.prefix";
  static final String VALUE_MAX_LENGTH_SETTING = "argus.capabilities.value.max.length";

  /** The rules in effect; the annotation instrumentation reads them so a method is never instrumented twice. */
  private static volatile CapabilityRuleSet rules = new CapabilityRuleSet(Collections.<CapabilityRule>emptyList());

  static CapabilityRuleSet rules() {
    return rules;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    List<String> ruleTexts = settings.value(RULES_SETTING);
    rules = CapabilityRuleSet.parse(ruleTexts);
    configureShared(settings);
    CapabilitySwitchGroup.publish();
    InstrumentationStatus.publish(NAME, new InstrumentationStatus.Source() {
      @Override
      public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<String, Object>();
        status.put("metric_prefix", CapabilityMetrics.prefix());
        status.putAll(rules.status());
        return status;
      }
    });
  }

  /** Settings both capability instrumentations use; the first to be configured applies them. */
  static void configureShared(InstrumentationSettings settings) {
    String prefix = settings.value(METRIC_PREFIX_SETTING);
    CapabilityMetrics.configure(prefix);
    Integer maxLength = settings.value(VALUE_MAX_LENGTH_SETTING);
    if (maxLength != null) {
      CapturePlan.setMaxLength(maxLength);
    }
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    CapabilityRuleSet current = rules;
    return current.isEmpty() ? none() : current.typeMatcher();
  }

  @Override
  public ClassFileHints classFileHints() {
    return rules.classFileHints(); // no rule: no class
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    final CapabilityRuleSet current = rules;
    return (builder, type, classLoader, module, protectionDomain) ->
        CapabilityBindings.instrument(builder, current.targetsFor(type), name());
  }
}
