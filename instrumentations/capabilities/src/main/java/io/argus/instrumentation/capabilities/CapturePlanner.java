package io.argus.instrumentation.capabilities;

import io.argus.bootstrap.capabilities.CapturePlan;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;

/**
 * Turns what a rule ({@code research(query,1,return)}) or {@code @SpanAttribute} asks to record into a
 * {@link CapturePlan} for one method. Parameter names come from the class file (javac {@code -parameters}); a
 * parameter whose name looks secret is never recorded. Whatever cannot be honoured is reported, once per method, in
 * {@code problems} (shown on /status) and left out; the method is still instrumented.
 */
final class CapturePlanner {
  static final String ARGUMENT_KEY_PREFIX = "agent.capability.argument.";
  static final String RETURN_KEY = "agent.capability.return_value";
  static final String SPAN_ATTRIBUTE = WithSpanInstrumentation.ANNOTATIONS_PACKAGE + ".SpanAttribute";

  /** The parameters to pass to advice and the registered plan id. */
  static final class Capture {
    static final Capture NONE = new Capture(new int[0], CapturePlan.NONE, false);

    final int[] parameters;
    final int plan;
    final boolean recordsReturn;

    Capture(int[] parameters, int plan, boolean recordsReturn) {
      this.parameters = parameters;
      this.plan = plan;
      this.recordsReturn = recordsReturn;
    }
  }

  private CapturePlanner() {}

  static Capture forRule(MethodDescription method, CapabilityRule.MethodSpec spec, List<String> problems) {
    if (!spec.capturesAnything()) {
      return Capture.NONE;
    }
    ParameterList<?> parameters = method.getParameters();
    List<Integer> indexes = new ArrayList<Integer>();
    List<String> keys = new ArrayList<String>();
    for (String wanted : spec.arguments) {
      int index = indexOf(parameters, wanted);
      if (index < 0) {
        problems.add(describe(method) + ": " + (Character.isDigit(wanted.charAt(0))
            ? "no parameter at index " + wanted
            : parametersNamed(parameters)
                ? "no parameter named '" + wanted + "'"
                : "parameter names are not in the class file (compile with javac -parameters), so '" + wanted
                    + "' is unknown; capture by index instead")
            + "; not recorded");
        continue;
      }
      ParameterDescription parameter = parameters.get(index);
      String name = parameter.isNamed() ? parameter.getName() : null;
      if (SecretNames.looksSecret(name)) {
        problems.add(describe(method) + ": parameter '" + name + "' looks secret; never recorded");
        continue;
      }
      indexes.add(index);
      keys.add(ARGUMENT_KEY_PREFIX + (name != null ? name : String.valueOf(index)));
    }
    boolean recordsReturn = spec.returnValue;
    if (recordsReturn && method.getReturnType().represents(void.class)) {
      problems.add(describe(method) + ": returns void; no return value to record");
      recordsReturn = false;
    }
    return register(indexes, keys, recordsReturn ? RETURN_KEY : null);
  }

  /** {@code @SpanAttribute("key")} or {@code @SpanAttribute} (the parameter's name) on parameters. */
  static Capture forAnnotations(MethodDescription method, List<String> problems) {
    ParameterList<?> parameters = method.getParameters();
    List<Integer> indexes = new ArrayList<Integer>();
    List<String> keys = new ArrayList<String>();
    for (int i = 0; i < parameters.size(); i++) {
      ParameterDescription parameter = parameters.get(i);
      AnnotationDescription annotation = annotationNamed(parameter, SPAN_ATTRIBUTE);
      if (annotation == null) {
        continue;
      }
      String name = parameter.isNamed() ? parameter.getName() : null;
      String key = annotationValue(annotation);
      if (key == null || key.isEmpty()) {
        key = name;
      }
      if (key == null) {
        problems.add(describe(method) + ": @SpanAttribute without a name on parameter " + i
            + " and no parameter names in the class file (compile with javac -parameters); not recorded");
      } else if (SecretNames.looksSecret(name) || SecretNames.looksSecret(key)) {
        problems.add(describe(method) + ": @SpanAttribute '" + key + "' looks secret; never recorded");
      } else {
        indexes.add(i);
        keys.add(key);
      }
    }
    return register(indexes, keys, null);
  }

  static AnnotationDescription annotationNamed(ParameterDescription parameter, String annotationType) {
    for (AnnotationDescription annotation : parameter.getDeclaredAnnotations()) {
      if (annotation.getAnnotationType().getName().equals(annotationType)) {
        return annotation;
      }
    }
    return null;
  }

  /** The annotation's {@code value}, read from the class file; null when absent (the default is ""). */
  static String annotationValue(AnnotationDescription annotation) {
    try {
      Object value = annotation.getValue("value").resolve();
      return value instanceof String ? (String) value : null;
    } catch (RuntimeException e) {
      return null; // not set, and the annotation type (for its default) is not resolvable
    }
  }

  private static Capture register(List<Integer> indexes, List<String> keys, String returnKey) {
    if (indexes.isEmpty() && returnKey == null) {
      return Capture.NONE;
    }
    int[] parameters = new int[indexes.size()];
    for (int i = 0; i < parameters.length; i++) {
      parameters[i] = indexes.get(i);
    }
    int plan = CapturePlan.register(new CapturePlan(keys.toArray(new String[0]), returnKey));
    return new Capture(parameters, plan, returnKey != null);
  }

  private static int indexOf(ParameterList<?> parameters, String wanted) {
    if (Character.isDigit(wanted.charAt(0))) {
      int index = Integer.parseInt(wanted);
      return index < parameters.size() ? index : -1;
    }
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).isNamed() && parameters.get(i).getName().equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean parametersNamed(ParameterList<?> parameters) {
    for (ParameterDescription parameter : parameters) {
      if (!parameter.isNamed()) {
        return false;
      }
    }
    return true;
  }

  static String describe(MethodDescription method) {
    return method.getDeclaringType().asErasure().getName() + "." + method.getName();
  }
}
