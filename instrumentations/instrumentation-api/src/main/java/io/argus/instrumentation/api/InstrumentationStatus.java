package io.argus.instrumentation.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What instrumentations report about themselves on the agent's {@code /status} (under
 * {@code instrumentations.status.<name>}), such as configured rules that matched nothing. An instrumentation
 * publishes a source in {@link ArgusInstrumentation#configure}; the agent reads every source when {@code /status} is
 * requested, so the report is current, never a start-up snapshot.
 */
public final class InstrumentationStatus {
  /** Supplies one instrumentation's report: a JSON-like map of strings, numbers, booleans, lists and maps. */
  public interface Source {
    Map<String, Object> status();
  }

  private static final ConcurrentMap<String, Source> SOURCES = new ConcurrentHashMap<String, Source>();

  private InstrumentationStatus() {}

  public static void publish(String instrumentation, Source source) {
    SOURCES.put(instrumentation, source);
  }

  /** Every report by instrumentation name; a source that fails reports its failure instead. */
  public static Map<String, Object> snapshot() {
    Map<String, Object> result = new TreeMap<String, Object>();
    for (Map.Entry<String, Source> entry : SOURCES.entrySet()) {
      try {
        result.put(entry.getKey(), entry.getValue().status());
      } catch (RuntimeException e) {
        result.put(entry.getKey(), "status unavailable: " + e);
      }
    }
    return result;
  }
}
