package io.argus.agent;

/**
 * Thrown out of {@link AgentStarter#start} only when {@code argus.strict=true} and something is wrong, to make the
 * launcher abort JVM start-up with this message. Without strict mode the agent reports and carries on instead.
 */
public final class StrictModeAbort extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StrictModeAbort(String message) {
    super(message);
  }
}
