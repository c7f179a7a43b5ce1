package io.argus.bootstrap;

/** OpenTelemetry span status codes. */
public enum SpanStatus {
  UNSET,
  OK,
  ERROR
}
