package io.argus.bootstrap.executors;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;

/**
 * scheduleAtFixedRate and scheduleWithFixedDelay run with the root context current, so the periodic task captures
 * nothing: a task that runs for the life of the application must not attach every run to the request that happened to
 * schedule it (that trace would never end), nor keep that request's span reachable.
 */
public final class PeriodicTasks {
  private PeriodicTasks() {}

  /** Makes the root current for the scheduling call; null when it already is. */
  public static Scope enterRoot(String instrumentation) {
    try {
      return ArgusContext.current() == ArgusContext.ROOT ? null : ArgusContext.ROOT.makeCurrent();
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
      return null;
    }
  }

  public static void exit(Scope scope, String instrumentation) {
    try {
      if (scope != null) {
        scope.close();
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
    }
  }
}
