package io.argus.bootstrap.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Binds metric handles that instrumentations declare (as static constants of their helpers) to the agent's
 * {@link MetricsBackend}. A handle declared before the backend is installed is bound at installation; one recorded to
 * while unbound (only possible if the agent failed to start its metrics) records nothing.
 */
public final class ArgusMetrics {
  private static final List<Binding> DECLARED = new ArrayList<Binding>();
  private static MetricsBackend backend;

  private ArgusMetrics() {}

  /** A handle binds itself through this when it is created and when the backend arrives. */
  interface Binding {
    void bind(MetricsBackend backend);
  }

  public static synchronized void install(MetricsBackend newBackend) {
    backend = newBackend;
    for (Binding binding : DECLARED) {
      binding.bind(newBackend);
    }
  }

  static synchronized void declare(Binding binding) {
    DECLARED.add(binding);
    if (backend != null) {
      binding.bind(backend);
    }
  }
}
