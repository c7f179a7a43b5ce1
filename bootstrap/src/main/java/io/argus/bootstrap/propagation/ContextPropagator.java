package io.argus.bootstrap.propagation;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.SpanContext;

/**
 * Reads and writes W3C {@code traceparent}/{@code tracestate} and {@code baggage} headers for instrumentations, as
 * configured by {@code otel.propagators}. Carriers are reached through two small callbacks so that this class needs no
 * HTTP library types.
 */
public final class ContextPropagator {
  public static final String TRACEPARENT = "traceparent";
  public static final String TRACESTATE = "tracestate";
  public static final String BAGGAGE = "baggage";

  /** Reads one header of a request; returns null when absent. Multiple values should be joined with ','. */
  public interface HeaderGetter<C> {
    String get(C carrier, String name);
  }

  /** Sets (replaces) one header of an outgoing request. */
  public interface HeaderSetter<C> {
    void set(C carrier, String name, String value);
  }

  private static volatile boolean traceContext = true;
  private static volatile boolean baggage = true;

  private ContextPropagator() {}

  public static void configure(boolean useTraceContext, boolean useBaggage) {
    traceContext = useTraceContext;
    baggage = useBaggage;
  }

  /**
   * The context an incoming request carries, to be used as the parent of its SERVER span. An invalid or missing
   * traceparent yields a root context (W3C Trace Context §4.3: start a new trace), never an error.
   */
  public static <C> ArgusContext extract(C carrier, HeaderGetter<C> getter) {
    if (carrier == null || getter == null) {
      return ArgusContext.ROOT;
    }
    try {
      SpanContext remote = null;
      if (traceContext) {
        String traceparent = getter.get(carrier, TRACEPARENT);
        if (traceparent != null) {
          remote = TraceparentCodec.parse(traceparent, getter.get(carrier, TRACESTATE));
        }
      }
      Baggage extractedBaggage = Baggage.EMPTY;
      if (baggage) {
        String header = getter.get(carrier, BAGGAGE);
        if (header != null) {
          extractedBaggage = BaggageCodec.parse(header);
        }
      }
      if (remote == null && extractedBaggage.isEmpty()) {
        return ArgusContext.ROOT;
      }
      return ArgusContext.remote(remote, extractedBaggage);
    } catch (RuntimeException e) {
      // A carrier implementation that throws must not fail the request.
      return ArgusContext.ROOT;
    }
  }

  /**
   * The same as {@link #extract(Object, HeaderGetter)} for advice, which reads the three header values with the
   * library's own API and cannot pass a callback (inlined advice can define no classes).
   */
  public static ArgusContext extract(String traceparent, String tracestate, String baggageHeader) {
    String[] headers = {traceparent, tracestate, baggageHeader};
    return extract(headers, HEADER_ARRAY);
  }

  private static final HeaderGetter<String[]> HEADER_ARRAY =
      new HeaderGetter<String[]>() {
        @Override
        public String get(String[] carrier, String name) {
          if (TRACEPARENT.equals(name)) {
            return carrier[0];
          }
          return TRACESTATE.equals(name) ? carrier[1] : carrier[2];
        }
      };

  /**
   * The headers that continue {@code context}, as {@code name, value, name, value, ...}, for advice to set with the
   * client library's own API. Empty at the root.
   */
  public static String[] headersFor(ArgusContext context) {
    final java.util.List<String> pairs = new java.util.ArrayList<String>(6);
    inject(
        context,
        pairs,
        new HeaderSetter<java.util.List<String>>() {
          @Override
          public void set(java.util.List<String> carrier, String name, String value) {
            carrier.add(name);
            carrier.add(value);
          }
        });
    return pairs.toArray(new String[0]);
  }

  /** Writes the headers that continue {@code context} into an outgoing request. */
  public static <C> void inject(ArgusContext context, C carrier, HeaderSetter<C> setter) {
    if (context == null || carrier == null || setter == null) {
      return;
    }
    SpanContext spanContext = context.spanContext();
    if (traceContext && spanContext != null && spanContext.isValid()) {
      setter.set(carrier, TRACEPARENT, TraceparentCodec.format(spanContext));
      if (!spanContext.traceState().isEmpty()) {
        setter.set(carrier, TRACESTATE, spanContext.traceState().toHeader());
      }
    }
    if (baggage && !context.baggage().isEmpty()) {
      String header = BaggageCodec.format(context.baggage());
      if (!header.isEmpty()) {
        setter.set(carrier, BAGGAGE, header);
      }
    }
  }
}
