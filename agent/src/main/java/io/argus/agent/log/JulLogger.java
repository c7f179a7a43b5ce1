package io.argus.agent.log;

import java.util.logging.Level;

/**
 * Stands in for {@code java.util.logging.Logger} inside the agent's relocated dependencies (OpenTelemetry exporters,
 * OkHttp, the Prometheus server): the shade plugin rewrites their references to this class. Their messages thus go to
 * the agent's own JSON log instead of the application's logging (which may bridge JUL to its own framework), and
 * using them never initialises the JDK's {@code LogManager} before the application has chosen one.
 *
 * <p>Only the methods those libraries call exist here (checked with javap when upgrading them). Warnings and errors are
 * logged once per logger and message start (numbers aside), so a backend that stays down cannot flood the output.
 */
public final class JulLogger {
  private final AgentLog log;
  private final String name;

  private JulLogger(String name) {
    this.name = name;
    this.log = AgentLog.get("lib");
  }

  public static JulLogger getLogger(String name) {
    return new JulLogger(name);
  }

  public boolean isLoggable(Level level) {
    return AgentLog.isEnabled(map(level));
  }

  public void log(Level level, String message) {
    log(level, message, (Throwable) null);
  }

  public void log(Level level, String message, Object[] parameters) {
    log(level, message, (Throwable) null);
  }

  public void log(Level level, String message, Throwable error) {
    AgentLog.Level mapped = map(level);
    if (!AgentLog.isEnabled(mapped)) {
      return;
    }
    if (mapped.compareTo(AgentLog.Level.WARN) >= 0) {
      String text = message == null ? "" : message;
      // Digits are masked so that "Failed to export 2 spans" and "... 22 spans" are one message, not one per count.
      String start = text.substring(0, Math.min(40, text.length()));
      String key = "jul:" + name + ":" + start.replaceAll("[0-9]+", "#");
      log.once(mapped, key, "library_message", error, "source", name, "message", text);
    } else {
      log.log(mapped, "library_message", error, "source", name, "message", message);
    }
  }

  public void fine(String message) {
    log(Level.FINE, message);
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void warning(String message) {
    log(Level.WARNING, message);
  }

  private static AgentLog.Level map(Level level) {
    int value = level == null ? Level.INFO.intValue() : level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return AgentLog.Level.ERROR;
    }
    if (value >= Level.WARNING.intValue()) {
      return AgentLog.Level.WARN;
    }
    // The libraries' INFO is chatter from the application's point of view.
    return AgentLog.Level.DEBUG;
  }
}
