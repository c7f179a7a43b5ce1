package io.argus.instrumentation.logging;

import io.argus.bootstrap.logging.LogCorrelation;
import io.argus.instrumentation.api.InstrumentationSettings;

/** Reads the log-correlation keys and installs them for every logging instrumentation. */
public final class LoggingSettingsReader {
  private LoggingSettingsReader() {}

  /** Called from each logging instrumentation's {@code configure}; installing the same keys twice is harmless. */
  public static void apply(InstrumentationSettings settings) {
    String traceId = settings.value("otel.instrumentation.common.logging.trace-id");
    String spanId = settings.value("otel.instrumentation.common.logging.span-id");
    String traceFlags = settings.value("otel.instrumentation.common.logging.trace-flags");
    String requestId = settings.value("argus.logging.request.id.key");
    LogCorrelation.configure(traceId, spanId, traceFlags, requestId);
  }
}
