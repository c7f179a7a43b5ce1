package io.argus.bootstrap;

/**
 * Where advice reports a failure of its own (never the application's). Advice suppresses every throwable so the
 * instrumented method behaves as without the agent; this makes the failure visible: the agent counts it per
 * instrumentation and logs the first occurrence.
 */
public final class InstrumentationErrors {
  /** Implemented by the agent; must not throw. */
  public interface Listener {
    void onError(String instrumentation, Throwable error);
  }

  private static volatile Listener listener;

  private InstrumentationErrors() {}

  public static void setListener(Listener newListener) {
    listener = newListener;
  }

  public static void record(String instrumentation, Throwable error) {
    Listener current = listener;
    if (current == null) {
      return;
    }
    try {
      current.onError(instrumentation, error);
    } catch (Throwable ignored) {
      // Reporting a failure must never become a failure of the application.
    }
  }

  /**
   * What inlined advice calls when Byte Buddy has suppressed a throwable of the advice itself (the arguments in the
   * order the handler's bytecode has them on the stack: the throwable, then the name it pushes).
   */
  public static void recordFromAdvice(Throwable error, String instrumentation) {
    record(instrumentation, error);
  }
}
