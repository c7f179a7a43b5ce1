package io.argus.instrumentation.capabilities;

import static net.bytebuddy.matcher.ElementMatchers.is;
import static net.bytebuddy.matcher.ElementMatchers.none;

import io.argus.bootstrap.capabilities.CapabilitySite;
import io.argus.instrumentation.api.AdviceErrors;
import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.collection.ArrayFactory;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.FieldAccess;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice parameters that carry a method's {@link CapabilityTarget}: each annotation below is replaced, in the
 * instrumented method's bytecode, by a constant (agent, capability, span name, kind, rule, capture plan) or by the
 * few loads a call really needs (the agent field or getter, the captured arguments). So a call builds no strings and
 * looks nothing up.
 */
final class CapabilityBindings {
  private static final TypeDescription.Generic OBJECT =
      TypeDescription.Generic.OfNonGenericType.ForLoadedType.of(Object.class);

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface AgentName {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface CapabilityName {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface SpanName {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Kind {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface NewTrace {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Rule {}

  /** The agent field's or getter's value as an Object, or null when the agent name is fixed. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface AgentValue {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Plan {}

  /**
   * The method's {@link CapabilitySite} id, registered when the advice is applied: its fixed attributes and metric
   * series, built once.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Site {}

  /** A new Object[] of only the captured arguments, in plan order; null (no allocation) when none is captured. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface CapturedArguments {}

  private CapabilityBindings() {}

  /**
   * Applies the advice to a class's capability methods: {@link CapabilityResultAdvice} where the return value matters,
   * {@link CapabilityAdvice} elsewhere. A failure of the advice itself is reported under {@code instrumentation}.
   */
  static DynamicType.Builder<?> instrument(
      DynamicType.Builder<?> builder,
      Map<MethodDescription.InDefinedShape, CapabilityTarget> targets,
      String instrumentation) {
    if (targets.isEmpty()) {
      return builder;
    }
    ElementMatcher.Junction<MethodDescription> plain = none();
    ElementMatcher.Junction<MethodDescription> withResult = none();
    boolean anyPlain = false;
    boolean anyWithResult = false;
    for (Map.Entry<MethodDescription.InDefinedShape, CapabilityTarget> entry : targets.entrySet()) {
      if (entry.getValue().needsReturnValue) {
        withResult = withResult.or(is(entry.getKey()));
        anyWithResult = true;
      } else {
        plain = plain.or(is(entry.getKey()));
        anyPlain = true;
      }
    }
    Advice.WithCustomMapping mapping = forTargets(targets);
    Advice.ExceptionHandler errors = AdviceErrors.reportedAs(instrumentation);
    if (anyPlain) {
      builder = builder.visit(mapping.to(CapabilityAdvice.class).withExceptionHandler(errors).on(plain));
    }
    if (anyWithResult) {
      builder = builder.visit(mapping.to(CapabilityResultAdvice.class).withExceptionHandler(errors).on(withResult));
    }
    return builder;
  }

  /** The custom mapping for one class's advice; {@code targets} holds every method the advice is applied to. */
  static Advice.WithCustomMapping forTargets(Map<MethodDescription.InDefinedShape, CapabilityTarget> targets) {
    return Advice.withCustomMapping()
        .bind(new Binding<AgentName>(AgentName.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return new TextConstant(target.agent);
          }
        })
        .bind(new Binding<CapabilityName>(CapabilityName.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return new TextConstant(target.capability);
          }
        })
        .bind(new Binding<SpanName>(SpanName.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return new TextConstant(target.spanName);
          }
        })
        .bind(new Binding<Kind>(Kind.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return FieldAccess.forEnumeration(new EnumerationDescription.ForLoadedEnumeration(target.kind));
          }
        })
        .bind(new Binding<NewTrace>(NewTrace.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return IntegerConstant.forValue(target.newTrace);
          }
        })
        .bind(new Binding<Rule>(Rule.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return IntegerConstant.forValue(target.rule);
          }
        })
        .bind(new Binding<Plan>(Plan.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return IntegerConstant.forValue(target.plan);
          }
        })
        .bind(new Binding<Site>(Site.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return IntegerConstant.forValue(CapabilitySite.register(
                method.getDeclaringType().asErasure().getName(), method.getName(), target.agent, target.capability));
          }
        })
        .bind(new Binding<AgentValue>(AgentValue.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return agentValue(target, method, assigner, arguments);
          }
        })
        .bind(new Binding<CapturedArguments>(CapturedArguments.class, targets) {
          @Override
          StackManipulation value(CapabilityTarget target, MethodDescription method, Assigner assigner,
                                  Advice.ArgumentHandler arguments) {
            return capturedArguments(target, method, assigner, arguments);
          }
        });
  }

  private static StackManipulation agentValue(
      CapabilityTarget target, MethodDescription method, Assigner assigner, Advice.ArgumentHandler arguments) {
    if (method.isStatic() || (target.agentField == null && target.agentGetter == null)) {
      return NullConstant.INSTANCE;
    }
    StackManipulation loadThis =
        MethodVariableAccess.REFERENCE.loadFrom(arguments.argument(Advice.ArgumentHandler.THIS_REFERENCE));
    StackManipulation read;
    TypeDescription.Generic type;
    if (target.agentField != null) {
      read = FieldAccess.forField(target.agentField.asDefined()).read();
      type = target.agentField.getType();
    } else {
      read = MethodInvocation.invoke(target.agentGetter.asDefined());
      type = target.agentGetter.getReturnType();
    }
    return new StackManipulation.Compound(
        loadThis, read, assigner.assign(type, OBJECT, Assigner.Typing.DYNAMIC));
  }

  private static StackManipulation capturedArguments(
      CapabilityTarget target, MethodDescription method, Assigner assigner, Advice.ArgumentHandler arguments) {
    if (target.capturedParameters.length == 0) {
      return NullConstant.INSTANCE;
    }
    List<StackManipulation> values = new ArrayList<StackManipulation>();
    for (int index : target.capturedParameters) {
      ParameterDescription parameter = method.getParameters().get(index);
      values.add(new StackManipulation.Compound(
          MethodVariableAccess.of(parameter.getType()).loadFrom(arguments.argument(parameter.getOffset())),
          assigner.assign(parameter.getType(), OBJECT, Assigner.Typing.DYNAMIC)));
    }
    return ArrayFactory.forType(OBJECT).withValues(values);
  }

  /** Resolves one annotation to the value of the instrumented method's target. */
  private abstract static class Binding<A extends Annotation> implements Advice.OffsetMapping.Factory<A> {
    private final Class<A> annotation;
    private final Map<MethodDescription.InDefinedShape, CapabilityTarget> targets;

    Binding(Class<A> annotation, Map<MethodDescription.InDefinedShape, CapabilityTarget> targets) {
      this.annotation = annotation;
      this.targets = targets;
    }

    abstract StackManipulation value(
        CapabilityTarget target, MethodDescription method, Assigner assigner, Advice.ArgumentHandler arguments);

    @Override
    public Class<A> getAnnotationType() {
      return annotation;
    }

    @Override
    public Advice.OffsetMapping make(
        ParameterDescription.InDefinedShape parameter,
        AnnotationDescription.Loadable<A> annotationValue,
        AdviceType adviceType) {
      return new Advice.OffsetMapping() {
        @Override
        public Target resolve(
            TypeDescription instrumentedType,
            MethodDescription instrumentedMethod,
            Assigner assigner,
            Advice.ArgumentHandler argumentHandler,
            Sort sort) {
          CapabilityTarget target = targets.get(instrumentedMethod.asDefined());
          if (target == null) {
            throw new IllegalStateException("no capability target for " + instrumentedMethod);
          }
          return new Target.ForStackManipulation(value(target, instrumentedMethod, assigner, argumentHandler));
        }
      };
    }
  }
}
