package io.argus.instrumentation.capabilities;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.capabilities.CapabilitySwitches;
import io.argus.instrumentation.api.ClassFileHints;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The configured rules, in order: which classes to instrument, which of their methods are capabilities, and what
 * each rule has matched so far (for /status, where a rule that matched nothing shows up).
 */
final class CapabilityRuleSet {
  /** How many matched class names /status lists per rule. */
  private static final int SHOWN_TYPES = 5;

  private final List<CapabilityRule> rules;
  private final List<ElementMatcher<TypeDescription>> typeMatchers;
  private final RuleStatus[] statuses;

  CapabilityRuleSet(List<CapabilityRule> rules) {
    this.rules = Collections.unmodifiableList(new ArrayList<CapabilityRule>(rules));
    this.typeMatchers = new ArrayList<ElementMatcher<TypeDescription>>();
    this.statuses = new RuleStatus[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      typeMatchers.add(typeMatcher(rules.get(i)));
      statuses[i] = new RuleStatus();
    }
  }

  /** Parses rule texts already validated by the configuration; one that still fails is skipped. */
  static CapabilityRuleSet parse(List<String> texts) {
    List<CapabilityRule> rules = new ArrayList<CapabilityRule>();
    if (texts != null) {
      for (String text : texts) {
        try {
          rules.add(CapabilityRule.parse(text));
        } catch (CapabilityRule.Malformed e) {
          // Reported by the configuration already (argus.capabilities is validated when it is read).
        }
      }
    }
    return new CapabilityRuleSet(rules);
  }

  List<CapabilityRule> rules() {
    return rules;
  }

  boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Matches the classes any rule names; by name only, except for '+' rules, which walk the type hierarchy. Types the
   * compiler generated (enum switch maps and the like) are left alone.
   */
  ElementMatcher.Junction<TypeDescription> typeMatcher() {
    ElementMatcher.Junction<TypeDescription> any = none();
    for (ElementMatcher<TypeDescription> matcher : typeMatchers) {
      any = any.or(matcher);
    }
    return any.and(not(isSynthetic()));
  }

  /**
   * What a class file must show for a rule to instrument something in it: a method it declares, when the rule names
   * its methods (advice reaches declared methods only, so a subtype that does not redeclare one has nothing to
   * instrument); else its name, or the literal start of a name pattern. A '+' rule with a wildcard method can want
   * any class.
   */
  ClassFileHints classFileHints() {
    ClassFileHints hints = ClassFileHints.noClass();
    for (CapabilityRule rule : rules) {
      hints = hints.or(classFileHints(rule));
    }
    return hints;
  }

  private static ClassFileHints classFileHints(CapabilityRule rule) {
    List<String> methodNames = new ArrayList<String>();
    for (CapabilityRule.MethodSpec spec : rule.methods()) {
      if (spec.name.hasWildcard()) {
        methodNames = null;
        break;
      }
      methodNames.add(spec.name.toString());
    }
    if (methodNames != null) {
      return ClassFileHints.declaringMethod(methodNames.toArray(new String[0]));
    }
    if (rule.subtypes()) {
      return ClassFileHints.anyClass();
    }
    return rule.type().hasWildcard()
        ? ClassFileHints.namePrefix(rule.type().literalPrefix())
        : ClassFileHints.named(rule.type().toString());
  }

  private static ElementMatcher<TypeDescription> typeMatcher(CapabilityRule rule) {
    if (rule.subtypes()) {
      return hasSuperType(named(rule.type().toString()));
    }
    if (!rule.type().hasWildcard()) {
      return named(rule.type().toString());
    }
    final NamePattern pattern = rule.type();
    return new ElementMatcher.Junction.AbstractBase<TypeDescription>() {
      @Override
      public boolean matches(TypeDescription type) {
        return pattern.matches(type.getName());
      }
    };
  }

  /**
   * The capability methods a class declares, each with the first rule that takes it. Records the match for /status.
   */
  Map<MethodDescription.InDefinedShape, CapabilityTarget> targetsFor(TypeDescription type) {
    Map<MethodDescription.InDefinedShape, CapabilityTarget> targets =
        new LinkedHashMap<MethodDescription.InDefinedShape, CapabilityTarget>();
    if (type.isAnnotation()) {
      return targets;
    }
    boolean[] typeMatches = new boolean[rules.size()];
    for (int i = 0; i < rules.size(); i++) {
      typeMatches[i] = typeMatchers.get(i).matches(type);
      if (typeMatches[i]) {
        statuses[i].typeMatched(type.getName());
      }
    }
    for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
      if (!isEligible(method)) {
        continue;
      }
      boolean wildcardEligible = method.isPublic() && !isObjectMethod(method);
      for (int i = 0; i < rules.size(); i++) {
        CapabilityRule.MethodSpec spec =
            typeMatches[i] ? rules.get(i).methodSpecFor(method.getName(), wildcardEligible) : null;
        if (spec != null) {
          targets.put(method, target(type, method, rules.get(i), i, spec));
          break;
        }
      }
    }
    return targets;
  }

  /** Whether a rule takes this method, so that {@code @WithSpan} on it does not instrument it a second time. */
  boolean claims(TypeDescription type, MethodDescription method) {
    for (int i = 0; i < rules.size(); i++) {
      if (typeMatchers.get(i).matches(type)
          && rules.get(i).methodSpecFor(method.getName(), method.isPublic() && !isObjectMethod(method)) != null) {
        return true;
      }
    }
    return false;
  }

  /** Methods with a body that the application wrote: no constructors, no bridges or other synthetic methods. */
  static boolean isEligible(MethodDescription method) {
    return method.isMethod()
        && !method.isAbstract()
        && !method.isNative()
        && !method.isSynthetic()
        && !method.isBridge();
  }

  /** equals, hashCode and toString are never capabilities of a wildcard rule. */
  private static boolean isObjectMethod(MethodDescription method) {
    String name = method.getName();
    int parameters = method.getParameters().size();
    return (name.equals("equals") && parameters == 1)
        || ((name.equals("hashCode") || name.equals("toString")) && parameters == 0);
  }

  private CapabilityTarget target(
      TypeDescription type, MethodDescription method, CapabilityRule rule, int index, CapabilityRule.MethodSpec spec) {
    List<String> problems = new ArrayList<String>();
    String agent = simpleName(type);
    FieldDescription agentField = null;
    MethodDescription agentGetter = null;
    CapabilityRule.AgentName agentName = rule.agentName();
    switch (agentName.source) {
      case LITERAL:
        agent = agentName.value;
        break;
      case FIELD:
        agentField = method.isStatic() ? null : field(type, agentName.value);
        if (agentField == null && !method.isStatic()) {
          problems.add(type.getName() + ": no field '" + agentName.value + "' it can read; agent name is " + agent);
        }
        break;
      case GETTER:
        agentGetter = method.isStatic() ? null : getter(type, agentName.value);
        if (agentGetter == null && !method.isStatic()) {
          problems.add(type.getName() + ": no method " + agentName.value + "() it can call; agent name is " + agent);
        }
        break;
      default:
        break;
    }
    CapturePlanner.Capture capture = CapturePlanner.forRule(method, spec, problems);
    statuses[index].methodInstrumented(type.getName() + '.' + method.getName() + method.getDescriptor(), problems);
    return new CapabilityTarget(
        agent,
        method.getName(),
        SpanKind.INTERNAL,
        false,
        index,
        agentField,
        agentGetter,
        capture.parameters,
        capture.plan,
        capture.recordsReturn || isAsync(method));
  }

  /** A method declared to return a CompletionStage (CompletableFuture included) ends when the result completes. */
  static boolean isAsync(MethodDescription method) {
    try {
      return !method.getReturnType().isPrimitive()
          && method.getReturnType().asErasure().isAssignableTo(CompletionStage.class);
    } catch (RuntimeException e) {
      return false; // the return type's hierarchy cannot be resolved: treat the call as synchronous
    }
  }

  /** The simple name of a class; for a nested one the part after the last '$' (anonymous classes keep their number). */
  static String simpleName(TypeDescription type) {
    String name = type.getName();
    int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
    return cut < 0 || cut == name.length() - 1 ? name : name.substring(cut + 1);
  }

  private static FieldDescription field(TypeDescription type, String name) {
    for (TypeDefinition current = type; current != null; current = current.getSuperClass()) {
      for (FieldDescription field : current.getDeclaredFields()) {
        if (field.getName().equals(name) && field.isVisibleTo(type)) {
          return field;
        }
      }
    }
    return null;
  }

  private static MethodDescription getter(TypeDescription type, String name) {
    List<TypeDefinition> pending = new ArrayList<TypeDefinition>();
    Set<String> seen = new LinkedHashSet<String>();
    pending.add(type);
    while (!pending.isEmpty()) {
      TypeDefinition current = pending.remove(0);
      if (!seen.add(current.asErasure().getName())) {
        continue;
      }
      for (MethodDescription method : current.getDeclaredMethods()) {
        if (method.getName().equals(name)
            && method.getParameters().isEmpty()
            && !method.isStatic()
            && !method.getReturnType().represents(void.class)
            && method.isVisibleTo(type)) {
          return method;
        }
      }
      if (current.getSuperClass() != null) {
        pending.add(current.getSuperClass());
      }
      pending.addAll(current.getInterfaces());
    }
    return null;
  }

  /** For /status: every rule with what it matched, and the rules that matched nothing so far. */
  synchronized Map<String, Object> status() {
    List<Object> described = new ArrayList<Object>();
    List<String> unmatched = new ArrayList<String>();
    for (int i = 0; i < rules.size(); i++) {
      RuleStatus status = statuses[i];
      Map<String, Object> rule = new LinkedHashMap<String, Object>();
      rule.put("index", i);
      rule.put("rule", rules.get(i).text());
      rule.put("enabled", CapabilitySwitches.isRuleOn(i));
      rule.put("matched_types", (long) status.seenTypes.size());
      rule.put("instrumented_methods", (long) status.seenMethods.size());
      rule.put("types", new ArrayList<String>(status.shownTypes));
      if (!status.problems.isEmpty()) {
        rule.put("problems", new ArrayList<String>(status.problems));
      }
      described.add(rule);
      if (status.seenMethods.isEmpty()) {
        unmatched.add(rules.get(i).text()
            + (status.seenTypes.isEmpty() ? ": no class matched" : ": classes matched, but no method did"));
      }
    }
    Map<String, Object> result = new LinkedHashMap<String, Object>();
    result.put("rules", described);
    result.put("unmatched_rules", unmatched);
    return result;
  }

  /**
   * What one rule matched: distinct class and method names (a class retransformed, e.g. when the instrumentation is
   * switched off and on again, is not counted twice), and the first few class names.
   */
  private final class RuleStatus {
    final Set<String> seenTypes = new HashSet<String>();
    final Set<String> seenMethods = new HashSet<String>();
    final Set<String> shownTypes = new LinkedHashSet<String>();
    final Set<String> problems = new LinkedHashSet<String>();

    void typeMatched(String type) {
      synchronized (CapabilityRuleSet.this) {
        seenTypes.add(type);
        if (shownTypes.size() < SHOWN_TYPES) {
          shownTypes.add(type);
        }
      }
    }

    void methodInstrumented(String method, List<String> methodProblems) {
      synchronized (CapabilityRuleSet.this) {
        seenMethods.add(method);
        if (problems.size() < 20) {
          problems.addAll(methodProblems);
        }
      }
    }
  }
}
