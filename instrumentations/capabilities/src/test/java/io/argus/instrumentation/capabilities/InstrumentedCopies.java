package io.argus.instrumentation.capabilities;

import java.util.List;
import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;

/**
 * Loads copies of test classes with the capability advice applied exactly as the agent applies it (the same
 * transformers, the same Byte Buddy), in a child-first class loader so the original class stays untouched.
 */
final class InstrumentedCopies {
  private InstrumentedCopies() {}

  /** A copy of {@code type} instrumented by these rules (and by @WithSpan, as the agent would do both). */
  static Class<?> withRules(Class<?> type, String... rules) {
    return instrument(type, CapabilityRuleSet.parse(List.of(rules)), new WithSpanInstrumentation());
  }

  static Class<?> instrument(Class<?> type, CapabilityRuleSet rules, WithSpanInstrumentation annotations) {
    TypeDescription description = TypeDescription.ForLoadedType.of(type);
    DynamicType.Builder<?> builder = new ByteBuddy().redefine(type);
    Map<MethodDescription.InDefinedShape, CapabilityTarget> ruleTargets = rules.targetsFor(description);
    builder = CapabilityBindings.instrument(builder, ruleTargets, "capabilities");
    builder = CapabilityBindings.instrument(builder, annotations.targetsFor(description, rules), "with-span");
    return builder.make().load(type.getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST).getLoaded();
  }

  /** Copies of several classes, instrumented by the same rules and loaded together, so they call each other. */
  static Map<String, Class<?>> together(List<Class<?>> types, String... rules) {
    CapabilityRuleSet ruleSet = CapabilityRuleSet.parse(List.of(rules));
    DynamicType.Unloaded<?> first = null;
    List<DynamicType.Unloaded<?>> others = new java.util.ArrayList<>();
    for (Class<?> type : types) {
      DynamicType.Builder<?> builder = new ByteBuddy().redefine(type);
      builder =
          CapabilityBindings.instrument(
              builder, ruleSet.targetsFor(TypeDescription.ForLoadedType.of(type)), "capabilities");
      if (first == null) {
        first = builder.make();
      } else {
        others.add(builder.make());
      }
    }
    Map<TypeDescription, Class<?>> loaded = first.include(others)
        .load(types.get(0).getClassLoader(), ClassLoadingStrategy.Default.CHILD_FIRST).getAllLoaded();
    Map<String, Class<?>> byName = new java.util.HashMap<>();
    loaded.forEach((description, type) -> byName.put(type.getSimpleName(), type));
    return byName;
  }

  static Object newInstance(Class<?> type) {
    try {
      return type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /** Calls a public method by name (the first with that many parameters); rethrows what the method threw. */
  static Object call(Object target, String method, Object... arguments) throws Throwable {
    Class<?> type = target instanceof Class ? (Class<?>) target : target.getClass();
    for (java.lang.reflect.Method candidate : type.getMethods()) {
      if (candidate.getName().equals(method) && candidate.getParameterCount() == arguments.length) {
        try {
          return candidate.invoke(target instanceof Class ? null : target, arguments);
        } catch (java.lang.reflect.InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + method + "/" + arguments.length + " on " + type);
  }
}
