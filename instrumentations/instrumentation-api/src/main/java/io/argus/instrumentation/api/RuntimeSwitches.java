package io.argus.instrumentation.api;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Things that can be switched off and on while the application runs, in named groups: the agent's control endpoint
 * serves {@code POST /control/<group>/<id>/disable|enable} and {@code GET /control} from them. The agent publishes
 * {@code instrumentations}; the capabilities instrumentation publishes {@code capabilities} (its rules and the
 * {@code @WithSpan} annotations) in {@link ArgusInstrumentation#configure}.
 */
public final class RuntimeSwitches {
  /** One group of switches. */
  public interface Group {
    /**
     * Switches {@code id} on or off and returns what now holds (a JSON-like map: at least {@code enabled} and
     * {@code changed}). Throws {@link NoSuchElementException} when there is no such id, with a message naming the
     * valid ones, and {@link IllegalStateException} when it exists but cannot be switched now, saying why.
     */
    Map<String, Object> set(String id, boolean on);

    /** Every switch of the group with its state, for {@code GET /control}. */
    Object state();
  }

  private static final ConcurrentMap<String, Group> GROUPS = new ConcurrentHashMap<String, Group>();

  private RuntimeSwitches() {}

  public static void publish(String name, Group group) {
    GROUPS.put(name, group);
  }

  /** The group called {@code name}, or null. */
  public static Group group(String name) {
    return GROUPS.get(name);
  }

  /** Every group's state by name. */
  public static Map<String, Object> snapshot() {
    Map<String, Object> result = new TreeMap<String, Object>();
    for (Map.Entry<String, Group> entry : GROUPS.entrySet()) {
      result.put(entry.getKey(), entry.getValue().state());
    }
    return result;
  }
}
