package io.argus.bootstrap.jul;

/**
 * Whether {@link TraceContextFormatter} writes trace fields: switched on by the agent's "jul" instrumentation. Kept
 * apart from the formatter so that the agent sets it without loading any java.util.logging class.
 */
public final class JulCorrelation {
  private static volatile boolean enabled;

  private JulCorrelation() {}

  public static void enable(boolean on) {
    enabled = on;
  }

  public static boolean isEnabled() {
    return enabled;
  }
}
