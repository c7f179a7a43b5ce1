package io.argus.bootstrap.capabilities;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * One call of a capability, from the enter advice to the end of the work: an INTERNAL span named
 * {@code {agent}.{capability}}, current while the method runs (so spans made inside it are its children), and the
 * call counter and duration histogram of {@link CapabilityMetrics}.
 *
 * <pre>
 * enter: CapabilityCall call = CapabilityCall.start(agent, capability, spanName, ...);   // null: not recorded
 * exit:  CapabilityCall.end(call, returned, thrown);
 * </pre>
 *
 * When the method returns a {@link CompletionStage}, the call ends when that completes; the application gets the very
 * object the method returned. Everything here catches its own failures: the application's call never sees them.
 */
public final class CapabilityCall implements BiConsumer<Object, Throwable> {
  static final String INSTRUMENTATION = "capabilities";

  static final String AGENT_NAME = "agent.name";
  static final String AGENT_CAPABILITY = "agent.capability";
  static final String CODE_NAMESPACE = "code.namespace";
  static final String CODE_FUNCTION = "code.function";

  /** The longest agent name taken from a field or getter (a metric label). */
  static final int MAX_DYNAMIC_AGENT_NAME = 128;

  /** The innermost capability call on this thread, to recognise re-entry into the same capability. */
  private static final ThreadLocal<CapabilityCall> INNERMOST = new ThreadLocal<CapabilityCall>();

  private final String agent;
  private final String capability;
  private final Object self;
  private final CapabilityCall outer;
  private final ArgusSpan span;
  private final String returnKey;
  /** The call site's shared attributes and metric series; null when the agent name is read per call. */
  private final CapabilitySite site;
  private Scope scope;

  private CapabilityCall(
      String agent,
      String capability,
      Object self,
      CapabilityCall outer,
      ArgusSpan span,
      String returnKey,
      CapabilitySite site) {
    this.agent = agent;
    this.capability = capability;
    this.self = self;
    this.outer = outer;
    this.span = span;
    this.returnKey = returnKey;
    this.site = site;
  }

  /**
   * Starts recording a call. Returns null, and records nothing, when the capability's rule is switched off or when
   * the same capability is re-entered on the same instance (an overload delegating to another, an override calling
   * {@code super}): such a call is part of the outer one.
   *
   * @param agent      the agent name fixed when the method was instrumented
   * @param spanName   {@code agent + "." + capability}, built once when the method was instrumented
   * @param newTrace   start a new trace instead of a child of the current span ({@code @WithSpan(inheritContext =
   *                   false)})
   * @param agentValue the value of the rule's agent field or getter, or null to use {@code agent}
   * @param plan       a {@link CapturePlan} id, or {@link CapturePlan#NONE}
   * @param arguments  the call's arguments when the plan records some, else null
   * @param siteId     the method's {@link CapabilitySite}, used when the agent name is fixed ({@code agentValue} null)
   */
  public static CapabilityCall start(
      String agent,
      String capability,
      String spanName,
      String namespace,
      String function,
      SpanKind kind,
      boolean newTrace,
      int rule,
      Object self,
      Object agentValue,
      int plan,
      Object[] arguments,
      int siteId) {
    if (FaultInjection.ON) {
      FaultInjection.fail("capabilities.advice");
    }
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("capabilities.enter");
      }
      if (!CapabilitySwitches.isOn(rule)) {
        return null;
      }
      CapabilityCall outer = INNERMOST.get();
      if (outer != null && outer.self == self && outer.capability.equals(capability)
          && (self != null || outer.agent.equals(agent))) {
        return null;
      }
      if (agentValue != null) {
        String dynamic = CapturePlan.bounded(String.valueOf(agentValue).trim(), MAX_DYNAMIC_AGENT_NAME);
        if (!dynamic.isEmpty()) {
          agent = dynamic;
          spanName = dynamic + "." + capability;
        }
      }
      CapabilitySite site = agentValue == null ? CapabilitySite.byId(siteId) : null;
      CapturePlan capture = CapturePlan.byId(plan);
      ArgusSpan span =
          ArgusTracer.startSpan(
              spanName, kind == null ? SpanKind.INTERNAL : kind, newTrace ? ArgusContext.ROOT : ArgusContext.current());
      if (span.isRecording()) {
        if (site != null) {
          site.addAttributes(span);
        } else {
          span.setAttribute(CODE_NAMESPACE, namespace);
          span.setAttribute(CODE_FUNCTION, function);
          span.setAttribute(AGENT_NAME, agent);
          span.setAttribute(AGENT_CAPABILITY, capability);
        }
        if (capture != null) {
          capture.recordArguments(span, arguments);
        }
      }
      CapabilityCall call =
          new CapabilityCall(
              agent, capability, self, outer, span, capture == null ? null : capture.returnKey(), site);
      call.scope = span.makeCurrent();
      INNERMOST.set(call);
      return call;
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /**
   * Exit advice: leaves the span's scope on this thread, then ends the call now, or when {@code returned} completes
   * if it is a {@link CompletionStage} (and nothing was thrown).
   */
  public static void end(CapabilityCall call, Object returned, Throwable thrown) {
    if (call == null) {
      return;
    }
    try {
      call.leave();
      if (thrown == null && returned instanceof CompletionStage) {
        ((CompletionStage<?>) returned).whenComplete(call);
      } else {
        call.finish(returned, thrown);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** Exit advice of methods whose result is neither recorded nor asynchronous (no boxing of the return value). */
  public static void end(CapabilityCall call, Throwable thrown) {
    if (call == null) {
      return;
    }
    try {
      call.leave();
      call.finish(null, thrown);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** The asynchronous result completed (on whatever thread completed it). */
  @Override
  public void accept(Object result, Throwable error) {
    try {
      finish(result, error);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  private void leave() {
    Scope current = scope;
    scope = null;
    if (current != null) {
      current.close();
    }
    // outer is null for the outermost call: no agent state is left on pooled threads between tasks. set(null), not
    // remove(), which would make the next call's get() create the thread's entry again.
    INNERMOST.set(outer);
  }

  private void finish(Object result, Throwable error) {
    if (FaultInjection.ON) {
      FaultInjection.fail("capabilities.exit");
    }
    long endNanos = System.nanoTime();
    long durationNanos = endNanos - span.startNanoTime(); // the span's clock reads time the call too
    if (error != null) {
      span.recordException(unwrap(error));
    } else if (returnKey != null) {
      CapturePlan.record(span, returnKey, result);
    }
    span.endAtNanoTime(endNanos);
    if (site != null) {
      site.recordMetrics(error != null, durationNanos);
    } else {
      CapabilityMetrics.record(agent, capability, error != null, durationNanos);
    }
  }

  /** A failed future reports the application's exception wrapped by the future machinery; record the cause. */
  private static Throwable unwrap(Throwable error) {
    if ((error instanceof CompletionException || error instanceof ExecutionException) && error.getCause() != null) {
      return error.getCause();
    }
    return error;
  }
}
