package io.argus.agent.log;

import io.argus.agent.json.JsonWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's own diagnostic log: one JSON object per line (timestamp, level, logger, event, fields) to stderr by
 * default, or stdout or a file. It never goes through the application's logging framework (which may not be
 * configured yet, or may itself be instrumented). Recurring failures are logged once per key and counted, so a
 * backend that stays down cannot flood the output; the count shows in a summary line at most once a minute while they
 * go on, and once more when the key is reset (the failure ended).
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
  private static final ConcurrentMap<String, Recurrence> ONCE = new ConcurrentHashMap<String, Recurrence>();
  private static volatile long repeatSummaryNanos = TimeUnit.MINUTES.toNanos(1);

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
                "setting",
                "argus.log.target",
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
   * the key has been seen, including this one. While repeats go on, the first one after each minute logs the same
   * event again with {@code "repeated"} (occurrences since the last line) and {@code "occurrences"} (in all).
   */
  public long once(Level level, String key, String event, Throwable error, Object... fields) {
    Recurrence recurrence = ONCE.get(key);
    if (recurrence == null) {
      Recurrence fresh = new Recurrence(logger, event, fields);
      recurrence = ONCE.putIfAbsent(key, fresh);
      if (recurrence == null) {
        recurrence = fresh;
      }
    }
    long seen = recurrence.count.incrementAndGet();
    if (seen == 1) {
      log(level, event, error, fields);
    } else {
      long now = System.nanoTime();
      long lastLine = recurrence.lastLineNanos.get();
      // One thread wins the summary of an interval; the others only count.
      if (now - lastLine >= repeatSummaryNanos && recurrence.lastLineNanos.compareAndSet(lastLine, now)) {
        long repeated = seen - recurrence.logged.getAndSet(seen);
        log(level, event, error, withCounts(fields, repeated, seen, "ongoing"));
      }
    }
    return seen;
  }

  /**
   * Forget a once-key, e.g. when a failing backend has recovered, so its next failure is logged again. Repeats not yet
   * reported are logged now, at INFO (the failure is over: nothing to alert on), with {@code "repeats":"ended"}.
   */
  public static void resetOnce(String key) {
    Recurrence recurrence = ONCE.remove(key);
    if (recurrence == null) {
      return;
    }
    long seen = recurrence.count.get();
    long repeated = seen - recurrence.logged.getAndSet(seen);
    if (repeated > 0) {
      new AgentLog(recurrence.logger)
          .log(Level.INFO, recurrence.event, null, withCounts(recurrence.fields, repeated, seen, "ended"));
    }
  }

  /** How often repeats of a once-key are summarised at most (tests shorten it). */
  static void repeatSummaryInterval(long nanos) {
    repeatSummaryNanos = nanos;
  }

  private static Object[] withCounts(Object[] fields, long repeated, long occurrences, String state) {
    int length = fields == null ? 0 : fields.length - fields.length % 2;
    Object[] result = new Object[length + 6];
    if (length > 0) {
      System.arraycopy(fields, 0, result, 0, length);
    }
    result[length] = "repeated";
    result[length + 1] = repeated;
    result[length + 2] = "occurrences";
    result[length + 3] = occurrences;
    result[length + 4] = "repeats";
    result[length + 5] = state;
    return result;
  }

  /** A once-key: how often it was seen, how many of those the log has shown, and its first line for the summaries. */
  private static final class Recurrence {
    final AtomicLong count = new AtomicLong();
    final AtomicLong logged = new AtomicLong(1);
    final AtomicLong lastLineNanos = new AtomicLong(System.nanoTime());
    final String logger;
    final String event;
    final Object[] fields;

    Recurrence(String logger, String event, Object[] fields) {
      this.logger = logger;
      this.event = event;
      this.fields = fields;
    }
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
