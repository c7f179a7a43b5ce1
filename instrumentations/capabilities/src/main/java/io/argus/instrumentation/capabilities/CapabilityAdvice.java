package io.argus.instrumentation.capabilities;

import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.capabilities.CapabilityCall;
import io.argus.instrumentation.capabilities.CapabilityBindings.AgentName;
import io.argus.instrumentation.capabilities.CapabilityBindings.AgentValue;
import io.argus.instrumentation.capabilities.CapabilityBindings.CapabilityName;
import io.argus.instrumentation.capabilities.CapabilityBindings.CapturedArguments;
import io.argus.instrumentation.capabilities.CapabilityBindings.Kind;
import io.argus.instrumentation.capabilities.CapabilityBindings.NewTrace;
import io.argus.instrumentation.capabilities.CapabilityBindings.Plan;
import io.argus.instrumentation.capabilities.CapabilityBindings.Rule;
import io.argus.instrumentation.capabilities.CapabilityBindings.Site;
import io.argus.instrumentation.capabilities.CapabilityBindings.SpanName;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into capability methods whose return value the call does not need (not recorded, not asynchronous): the
 * exit never touches it, so primitives are not boxed.
 */
public final class CapabilityAdvice {
  private CapabilityAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CapabilityCall enter(
      @AgentName String agent,
      @CapabilityName String capability,
      @SpanName String spanName,
      @Advice.Origin("#t") String namespace,
      @Advice.Origin("#m") String function,
      @Kind SpanKind kind,
      @NewTrace boolean newTrace,
      @Rule int rule,
      @Advice.This(optional = true) Object self,
      @AgentValue Object agentValue,
      @Plan int plan,
      @CapturedArguments Object[] arguments,
      @Site int site) {
    return CapabilityCall.start(
        agent, capability, spanName, namespace, function, kind, newTrace, rule, self, agentValue, plan, arguments,
        site);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter CapabilityCall call, @Advice.Thrown Throwable thrown) {
    CapabilityCall.end(call, thrown);
  }
}
