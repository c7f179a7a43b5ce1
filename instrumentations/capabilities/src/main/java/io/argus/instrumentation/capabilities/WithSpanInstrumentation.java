package io.argus.instrumentation.capabilities;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.capabilities.CapabilitySwitches;
import io.argus.instrumentation.api.ArgusInstrumentation;
import io.argus.instrumentation.api.ClassFileHints;
import io.argus.instrumentation.api.InstrumentationSettings;
import io.argus.instrumentation.api.InstrumentationStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Capabilities declared in code with OpenTelemetry's {@code @WithSpan} (and {@code @SpanAttribute} on parameters),
 * honoured without the OpenTelemetry SDK: the annotations are matched by name in the class file and never loaded.
 * {@code @WithSpan("name")} names the capability (default: the method's name), {@code kind} and
 * {@code inheritContext} are honoured; the agent is the class's simple name. A method a rule already takes is left
 * to the rule.
 *
 * <p>Named as OpenTelemetry's agent names the same support, so
 * {@code otel.instrumentation.opentelemetry-instrumentation-annotations.enabled=false} turns it off in both.
 */
public final class WithSpanInstrumentation implements ArgusInstrumentation {
  static final String NAME = "opentelemetry-instrumentation-annotations";
  /**
   * Built at run time: the agent jar relocates every "io.opentelemetry" it bundles, and would rewrite a string
   * constant naming the application's annotation too.
   */
  static final String ANNOTATIONS_PACKAGE = String.join(".", "io", "opentelemetry", "instrumentation", "annotations");

  static final String WITH_SPAN = ANNOTATIONS_PACKAGE + ".WithSpan";
  private static final String WITH_SPAN_RESOURCE = WITH_SPAN.replace('.', '/') + ".class";
  private static final int SHOWN_METHODS = 10;

  /** Whether each class loader can see the annotation; asked for every class it loads, so remembered. */
  private final Map<ClassLoader, Boolean> loaders = new WeakHashMap<ClassLoader, Boolean>();

  /** Distinct methods, so a class retransformed (the instrumentation switched off and on) is not counted twice. */
  private final Set<String> instrumentedMethods = new HashSet<String>();
  private final Set<String> shownMethods = new LinkedHashSet<String>();
  private final Set<String> problems = new LinkedHashSet<String>();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void configure(InstrumentationSettings settings) {
    CapabilitiesInstrumentation.configureShared(settings);
    CapabilitySwitchGroup.publish();
    InstrumentationStatus.publish(NAME, new InstrumentationStatus.Source() {
      @Override
      public Map<String, Object> status() {
        return report();
      }
    });
  }

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new ElementMatcher<ClassLoader>() {
      @Override
      public boolean matches(ClassLoader loader) {
        return loader != null && seesAnnotation(loader);
      }
    };
  }

  private boolean seesAnnotation(ClassLoader loader) {
    synchronized (loaders) {
      Boolean sees = loaders.get(loader);
      if (sees == null) {
        sees = loader.getResource(WITH_SPAN_RESOURCE) != null;
        loaders.put(loader, sees);
      }
      return sees;
    }
  }

  @Override
  public ElementMatcher<? super TypeDescription> typeMatcher() {
    return declaresMethod(isAnnotatedWith(named(WITH_SPAN)));
  }

  @Override
  public ClassFileHints classFileHints() {
    return ClassFileHints.usingAnnotation(WITH_SPAN);
  }

  @Override
  public AgentBuilder.Transformer transformer() {
    return (builder, type, classLoader, module, protectionDomain) ->
        CapabilityBindings.instrument(builder, targetsFor(type, CapabilitiesInstrumentation.rules()), name());
  }

  Map<MethodDescription.InDefinedShape, CapabilityTarget> targetsFor(TypeDescription type, CapabilityRuleSet rules) {
    Map<MethodDescription.InDefinedShape, CapabilityTarget> targets =
        new LinkedHashMap<MethodDescription.InDefinedShape, CapabilityTarget>();
    for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
      AnnotationDescription withSpan = withSpan(method);
      if (withSpan == null || !CapabilityRuleSet.isEligible(method) || rules.claims(type, method)) {
        continue;
      }
      List<String> methodProblems = new ArrayList<String>();
      String value = CapturePlanner.annotationValue(withSpan);
      String capability = value == null || value.trim().isEmpty() ? method.getName() : value.trim();
      CapturePlanner.Capture capture = CapturePlanner.forAnnotations(method, methodProblems);
      targets.put(
          method,
          new CapabilityTarget(
              CapabilityRuleSet.simpleName(type),
              capability,
              kind(withSpan),
              Boolean.FALSE.equals(attribute(withSpan, "inheritContext")),
              CapabilitySwitches.ANNOTATIONS,
              null,
              null,
              capture.parameters,
              capture.plan,
              capture.recordsReturn || CapabilityRuleSet.isAsync(method)));
      recordInstrumented(CapturePlanner.describe(method) + method.getDescriptor(), CapturePlanner.describe(method),
          methodProblems);
    }
    return targets;
  }

  private static AnnotationDescription withSpan(MethodDescription method) {
    for (AnnotationDescription annotation : method.getDeclaredAnnotations()) {
      if (annotation.getAnnotationType().getName().equals(WITH_SPAN)) {
        return annotation;
      }
    }
    return null;
  }

  /** {@code kind = SpanKind.X} mapped by constant name; INTERNAL when absent or unknown. */
  private static SpanKind kind(AnnotationDescription withSpan) {
    Object kind = attribute(withSpan, "kind");
    if (kind instanceof EnumerationDescription) {
      try {
        return SpanKind.valueOf(((EnumerationDescription) kind).getValue());
      } catch (IllegalArgumentException e) {
        return SpanKind.INTERNAL;
      }
    }
    return SpanKind.INTERNAL;
  }

  private static Object attribute(AnnotationDescription annotation, String name) {
    try {
      return annotation.getValue(name).resolve();
    } catch (RuntimeException e) {
      return null; // not set, and the annotation type (for its default) is not resolvable: use ours
    }
  }

  private synchronized void recordInstrumented(String key, String method, List<String> methodProblems) {
    instrumentedMethods.add(key);
    if (shownMethods.size() < SHOWN_METHODS) {
      shownMethods.add(method);
    }
    if (problems.size() < 20) {
      problems.addAll(methodProblems);
    }
  }

  synchronized Map<String, Object> report() {
    Map<String, Object> status = new LinkedHashMap<String, Object>();
    status.put("enabled", CapabilitySwitches.isRuleOn(CapabilitySwitches.ANNOTATIONS));
    status.put("instrumented_methods", (long) instrumentedMethods.size());
    status.put("methods", new ArrayList<String>(shownMethods));
    if (!problems.isEmpty()) {
      status.put("problems", new ArrayList<String>(problems));
    }
    return status;
  }
}
