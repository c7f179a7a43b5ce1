package io.argus.agent;

import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.InstrumentationErrors;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts failures that advice suppressed, per instrumentation, and logs the first of each kind (instrumentation and
 * exception type), so a broken instrumentation is visible without flooding the log.
 */
final class InstrumentationErrorLog implements InstrumentationErrors.Listener {
  private static final AgentLog LOG = AgentLog.get("instrumentation");

  private final ConcurrentMap<String, LongAdder> counts = new ConcurrentHashMap<String, LongAdder>();

  @Override
  public void onError(String instrumentation, Throwable error) {
    String name = instrumentation == null ? "unknown" : instrumentation;
    LongAdder count = counts.get(name);
    if (count == null) {
      LongAdder fresh = new LongAdder();
      count = counts.putIfAbsent(name, fresh);
      if (count == null) {
        count = fresh;
      }
    }
    count.increment();
    LOG.once(
        AgentLog.Level.ERROR,
        "advice:" + name + ":" + (error == null ? "" : error.getClass().getName()),
        "instrumentation_error",
        error,
        "instrumentation",
        name,
        "consequence",
        "suppressed; the application call proceeded unchanged; later errors of this kind are only counted");
  }

  Map<String, Long> counts() {
    Map<String, Long> result = new TreeMap<String, Long>();
    for (Map.Entry<String, LongAdder> entry : counts.entrySet()) {
      result.put(entry.getKey(), entry.getValue().sum());
    }
    return result;
  }
}
