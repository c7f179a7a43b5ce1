package io.argus.bootstrap.logging;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.SpanContext;
import io.argus.bootstrap.propagation.TraceparentCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * The trace fields a log event gets when it is created while a span is current: {@code trace_id}, {@code span_id},
 * {@code trace_flags} and {@code request_id} (keys configurable). The logging instrumentations read them when an event
 * captures its context data, on the thread that logs, so nothing is written into the MDC on span switches and nothing
 * is left behind when a span ends.
 */
public final class LogCorrelation {
  public static final String DEFAULT_TRACE_ID_KEY = "trace_id";
  public static final String DEFAULT_SPAN_ID_KEY = "span_id";
  public static final String DEFAULT_TRACE_FLAGS_KEY = "trace_flags";
  public static final String DEFAULT_REQUEST_ID_KEY = "request_id";

  private static volatile Keys keys =
      new Keys(DEFAULT_TRACE_ID_KEY, DEFAULT_SPAN_ID_KEY, DEFAULT_TRACE_FLAGS_KEY, DEFAULT_REQUEST_ID_KEY);

  /**
   * The fields of the last span asked about. Consecutive log lines mostly come from the same span, so its ids are
   * formatted once; a miss only costs the formatting. One shared slot, so no state per thread.
   */
  private static volatile TraceFields last;

  private LogCorrelation() {}

  /** Installs the configured keys; a null or blank key keeps its default. */
  public static void configure(String traceIdKey, String spanIdKey, String traceFlagsKey, String requestIdKey) {
    keys =
        new Keys(
            orDefault(traceIdKey, DEFAULT_TRACE_ID_KEY),
            orDefault(spanIdKey, DEFAULT_SPAN_ID_KEY),
            orDefault(traceFlagsKey, DEFAULT_TRACE_FLAGS_KEY),
            orDefault(requestIdKey, DEFAULT_REQUEST_ID_KEY));
    last = null;
  }

  /** The fields for this thread's current context; null when no valid span context is current. */
  public static TraceFields current() {
    ArgusContext context = ArgusContext.current();
    SpanContext spanContext = context.spanContext();
    if (spanContext == null || !spanContext.isValid()) {
      return null;
    }
    String requestId = context.requestId();
    Keys currentKeys = keys;
    TraceFields cached = last;
    if (cached != null
        && cached.spanContext == spanContext
        && cached.keys == currentKeys
        && (requestId == null ? cached.requestId == null : requestId.equals(cached.requestId))) {
      return cached;
    }
    TraceFields fields = new TraceFields(spanContext, requestId, currentKeys);
    last = fields;
    return fields;
  }

  /**
   * {@code contextData} plus the current trace fields, as a new map; {@code contextData} itself when no span is
   * current. A key the application put there itself keeps the application's value.
   */
  public static Map<String, String> withCurrentFields(Map<String, String> contextData, String instrumentation) {
    try {
      TraceFields fields = current();
      if (fields == null) {
        return contextData;
      }
      Map<String, String> result =
          new HashMap<String, String>(contextData == null ? 8 : Math.max(8, (contextData.size() + 4) * 2));
      for (int i = 0; i < fields.size(); i++) {
        result.put(fields.key(i), fields.value(i));
      }
      if (contextData != null) {
        result.putAll(contextData);
      }
      return result;
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
      return contextData;
    }
  }

  /** {@link #current()} for advice: failures are reported, never thrown. */
  public static TraceFields current(String instrumentation) {
    try {
      return current();
    } catch (Throwable t) {
      InstrumentationErrors.record(instrumentation, t);
      return null;
    }
  }

  private static String orDefault(String key, String fallback) {
    return key == null || key.trim().isEmpty() ? fallback : key.trim();
  }

  static final class Keys {
    final String traceId;
    final String spanId;
    final String traceFlags;
    final String requestId;

    Keys(String traceId, String spanId, String traceFlags, String requestId) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.traceFlags = traceFlags;
      this.requestId = requestId;
    }
  }

  /** The fields of one span as key/value pairs, in the order trace id, span id, flags, then request id if any. */
  public static final class TraceFields {
    private final SpanContext spanContext;
    private final Keys keys;
    private final String traceId;
    private final String spanId;
    private final String traceFlags;
    private final String requestId;

    TraceFields(SpanContext spanContext, String requestId, Keys keys) {
      this.spanContext = spanContext;
      this.keys = keys;
      this.traceId = TraceparentCodec.traceIdHex(spanContext.traceIdHigh(), spanContext.traceIdLow());
      this.spanId = TraceparentCodec.spanIdHex(spanContext.spanId());
      this.traceFlags = spanContext.isSampled() ? "01" : "00";
      this.requestId = requestId;
    }

    public int size() {
      return requestId == null ? 3 : 4;
    }

    public String key(int i) {
      switch (i) {
        case 0:
          return keys.traceId;
        case 1:
          return keys.spanId;
        case 2:
          return keys.traceFlags;
        default:
          return keys.requestId;
      }
    }

    public String value(int i) {
      switch (i) {
        case 0:
          return traceId;
        case 1:
          return spanId;
        case 2:
          return traceFlags;
        default:
          return requestId;
      }
    }

    public String traceId() {
      return traceId;
    }

    public String spanId() {
      return spanId;
    }

    public String traceFlags() {
      return traceFlags;
    }

    /** The request id, or null when the context has none. */
    public String requestId() {
      return requestId;
    }
  }
}
