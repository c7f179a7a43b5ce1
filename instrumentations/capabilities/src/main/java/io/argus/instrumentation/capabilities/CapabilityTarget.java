package io.argus.instrumentation.capabilities;

import io.argus.bootstrap.SpanKind;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.method.MethodDescription;

/**
 * One instrumented method as a capability: everything the advice needs, decided once when the class is
 * instrumented and bound into the advice as constants (see {@link CapabilityBindings}).
 */
final class CapabilityTarget {
  final String agent;
  final String capability;
  final String spanName;
  final SpanKind kind;
  /** Start a new trace rather than a child of the current span. */
  final boolean newTrace;
  /** The rule's position in argus.capabilities, or {@code CapabilitySwitches.ANNOTATIONS}. */
  final int rule;
  /** Where a per-instance agent name is read from; null when {@link #agent} is the name. */
  final FieldDescription agentField;
  final MethodDescription agentGetter;
  /** Parameter indexes whose values the plan records, in the plan's order. */
  final int[] capturedParameters;
  final int plan;
  /** The advice must see the return value: it is recorded, or it may be a CompletionStage to wait for. */
  final boolean needsReturnValue;

  CapabilityTarget(
      String agent,
      String capability,
      SpanKind kind,
      boolean newTrace,
      int rule,
      FieldDescription agentField,
      MethodDescription agentGetter,
      int[] capturedParameters,
      int plan,
      boolean needsReturnValue) {
    this.agent = agent;
    this.capability = capability;
    this.spanName = agent + "." + capability;
    this.kind = kind;
    this.newTrace = newTrace;
    this.rule = rule;
    this.agentField = agentField;
    this.agentGetter = agentGetter;
    this.capturedParameters = capturedParameters;
    this.plan = plan;
    this.needsReturnValue = needsReturnValue;
  }

  @Override
  public String toString() {
    return spanName;
  }
}
