package io.argus.instrumentation.capabilities;

import io.argus.bootstrap.capabilities.CapabilitySwitches;
import io.argus.instrumentation.api.RuntimeSwitches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The {@code capabilities} group of runtime switches: each rule, named by its index on {@code /status} or by its
 * text, and {@code annotations} for the {@code @WithSpan} methods. Switching only flips {@link CapabilitySwitches},
 * which the advice already asks on every call: no class is retransformed.
 */
final class CapabilitySwitchGroup implements RuntimeSwitches.Group {
  static final String GROUP = "capabilities";
  static final String ANNOTATIONS = "annotations";
  static final CapabilitySwitchGroup INSTANCE = new CapabilitySwitchGroup();

  private CapabilitySwitchGroup() {}

  /** Published by both capability instrumentations, so it exists when either is installed. */
  static void publish() {
    RuntimeSwitches.publish(GROUP, INSTANCE);
  }

  @Override
  public synchronized Map<String, Object> set(String id, boolean on) {
    int rule = resolve(id, CapabilitiesInstrumentation.rules().rules());
    boolean wasOn = CapabilitySwitches.isRuleOn(rule);
    CapabilitySwitches.set(rule, on);
    Map<String, Object> result = describe(rule);
    result.put("changed", wasOn != on);
    return result;
  }

  @Override
  public Object state() {
    List<CapabilityRule> rules = CapabilitiesInstrumentation.rules().rules();
    List<Object> described = new ArrayList<Object>();
    for (int i = 0; i < rules.size(); i++) {
      described.add(describe(i));
    }
    Map<String, Object> state = new LinkedHashMap<String, Object>();
    state.put("rules", described);
    state.put(ANNOTATIONS, describe(CapabilitySwitches.ANNOTATIONS));
    return state;
  }

  private static Map<String, Object> describe(int rule) {
    Map<String, Object> result = new LinkedHashMap<String, Object>();
    if (rule == CapabilitySwitches.ANNOTATIONS) {
      result.put("capability", ANNOTATIONS);
    } else {
      result.put("index", rule);
      result.put("rule", CapabilitiesInstrumentation.rules().rules().get(rule).text());
    }
    result.put("enabled", CapabilitySwitches.isRuleOn(rule));
    return result;
  }

  /** The rule an id names: {@code annotations}, an index shown on /status, or a rule's exact text. */
  static int resolve(String id, List<CapabilityRule> rules) {
    String wanted = id.trim();
    if (wanted.equals(ANNOTATIONS)) {
      return CapabilitySwitches.ANNOTATIONS;
    }
    if (wanted.matches("[0-9]{1,9}")) {
      int index = Integer.parseInt(wanted);
      if (index < rules.size()) {
        return index;
      }
      throw new NoSuchElementException("no capability rule number " + index + ": " + valid(rules));
    }
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).text().equals(wanted)) {
        return i;
      }
    }
    throw new NoSuchElementException("no capability rule '" + wanted + "': " + valid(rules));
  }

  private static String valid(List<CapabilityRule> rules) {
    String numbers = rules.isEmpty() ? "no rule is configured" : "rules are numbered 0 to " + (rules.size() - 1);
    return numbers + " (as /status shows them) or named by their exact text; '" + ANNOTATIONS
        + "' names the @WithSpan methods";
  }
}
