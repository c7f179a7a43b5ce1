package io.argus.agent.log;

import io.argus.agent.json.JsonWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own diagnostic log: one JSON object per line (timestamp, level, logger, event, fields) to stderr by
 * default, or stdout or a file. It never goes through the application's logging framework (which may not be
 * configured yet, or may itself be instrumented). Recurring failures are logged once per key and counted, so a
 * backend that stays down cannot flood the output.
 */
public final class AgentLog {
  public enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  private static volatile Level threshold = Level.INFO;
  private static volatile PrintStream out = System.err;
  private static final ConcurrentMap<String, AtomicLong> ONCE = new ConcurrentHashMap<String, AtomicLong>();

  private final String logger;

  private AgentLog(String logger) {
    this.logger = logger;
  }

  /** A logger named {@code argus.<component>}. */
  public static AgentLog get(String component) {
    return new AgentLog("argus." + component);
  }

  /**
   * Applies the configured level and target. An unusable target (unwritable file) keeps stderr and says so, since
   * losing the agent's diagnostics silently would be worse.
   */
  public static void configure(String level, String target) {
    if (level != null) {
      try {
        threshold = Level.valueOf(level.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException ignored) {
        // config validation already reported it
      }
    }
    if (target == null || target.equals("stderr")) {
      out = System.err;
    } else if (target.equals("stdout")) {
      out = System.out;
    } else {
      try {
        OutputStream file = new FileOutputStream(target, true);
        out = new PrintStream(file, true, "UTF-8");
      } catch (IOException e) {
        out = System.err;
        get("log")
            .error(
                "log_target_unwritable",
                null,
                "target",
                target,
                "error",
                String.valueOf(e.getMessage()),
                "fallback",
                "stderr");
      }
    }
  }

  public static boolean isEnabled(Level level) {
    return level.ordinal() >= threshold.ordinal();
  }

  public void debug(String event, Object... fields) {
    log(Level.DEBUG, event, null, fields);
  }

  public void info(String event, Object... fields) {
    log(Level.INFO, event, null, fields);
  }

  public void warn(String event, Object... fields) {
    log(Level.WARN, event, null, fields);
  }

  public void error(String event, Throwable error, Object... fields) {
    log(Level.ERROR, event, error, fields);
  }

  /**
   * Logs the first occurrence of {@code key} at the given level and only counts the later ones; returns how many times
   * the key has been seen, including this one.
   */
  public long once(Level level, String key, String event, Throwable error, Object... fields) {
    AtomicLong count = ONCE.get(key);
    if (count == null) {
      AtomicLong fresh = new AtomicLong();
      count = ONCE.putIfAbsent(key, fresh);
      if (count == null) {
        count = fresh;
      }
    }
    long seen = count.incrementAndGet();
    if (seen == 1) {
      log(level, event, error, fields);
    }
    return seen;
  }

  /** Forget a once-key, e.g. when a failing backend has recovered, so its next failure is logged again. */
  public static void resetOnce(String key) {
    ONCE.remove(key);
  }

  public void log(Level level, String event, Throwable error, Object... fields) {
    if (!isEnabled(level)) {
      return;
    }
    try {
      JsonWriter json = new JsonWriter().beginObject();
      json.field("timestamp", IsoTimestamp.format(System.currentTimeMillis()));
      json.field("level", level.name());
      json.field("logger", logger);
      json.field("event", event);
      for (int i = 0; i + 1 < fields.length; i += 2) {
        json.field(String.valueOf(fields[i]), fields[i + 1]);
      }
      if (error != null) {
        json.field("error", error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage()));
      }
      json.endObject();
      PrintStream target = out;
      // One println per line: PrintStream serialises whole calls, so lines from different threads never interleave.
      target.println(json.toString());
    } catch (Throwable ignored) {
      // Logging must never fail the caller.
    }
  }

}
