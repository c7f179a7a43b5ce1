package io.argus.bootstrap;

/** OpenTelemetry span kinds. */
public enum SpanKind {
  INTERNAL,
  SERVER,
  CLIENT,
  PRODUCER,
  CONSUMER
}
