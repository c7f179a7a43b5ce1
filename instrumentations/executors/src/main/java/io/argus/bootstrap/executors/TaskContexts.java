package io.argus.bootstrap.executors;

import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;

/**
 * The two halves of every hand-over between threads: what to capture when work is submitted, and how to put the
 * worker thread back exactly as it was once the work has run.
 */
public final class TaskContexts {
  private TaskContexts() {}

  /**
   * The context to hand to work submitted now, or null when there is nothing to carry: no span, no baggage and no
   * request id is current (so a submit at the root allocates nothing), or the submitter is one of the agent's own
   * threads, whose work must stay untraced.
   */
  public static ArgusContext capture() {
    if (FaultInjection.ON) {
      FaultInjection.fail("executors.enter"); // every caller calls this inside its own try
    }
    ArgusContext context = ArgusContext.current();
    if (context == ArgusContext.ROOT || context.isRoot() || AgentThread.isCurrent()) {
      return null;
    }
    return context;
  }

  /**
   * Ends a task's scope and makes {@code previous} current again even if the task left scopes of its own open: a
   * thread that runs other work next must not keep any of this task's context.
   */
  public static void restore(Scope scope, ArgusContext previous, String instrumentation) {
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("executors.exit");
      }
      if (scope != null) {
        scope.close();
      }
      ArgusContext expected = previous == null ? ArgusContext.ROOT : previous;
      if (ArgusContext.current() != expected) {
        expected.makeCurrent(); // its scope is not needed: nothing is restored after this
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
    }
  }

  /** A pooled thread about to take its next task: nothing of the previous task may remain current. */
  public static void clear(String instrumentation) {
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("executors.exit");
      }
      if (ArgusContext.current() != ArgusContext.ROOT) {
        ArgusContext.ROOT.makeCurrent();
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
    }
  }
}
