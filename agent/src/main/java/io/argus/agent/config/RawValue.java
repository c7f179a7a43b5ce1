package io.argus.agent.config;

/** A setting's value as found in one source, before parsing, with where it was found. */
final class RawValue {

  /** The sources, lowest precedence first (the declaration order is the precedence). */
  enum Source {
    DEFAULT("default"),
    FILE("file"),
    AGENT_ARGUMENT("agent argument"),
    ENV("env"),
    SYSTEM_PROPERTY("system property");

    final String label;

    Source(String label) {
      this.label = label;
    }
  }

  final Object value;      // String, or a YAML scalar, list or map
  final Source source;
  final String location;   // for messages, e.g. "env ARGUS_METRICS_PORT" or "file /x/argus.yaml: prometheus.port"

  RawValue(Object value, Source source, String location) {
    this.value = value;
    this.source = source;
    this.location = location;
  }
}
