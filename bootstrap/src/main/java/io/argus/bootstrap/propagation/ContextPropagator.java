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

  private static final String[] NO_HEADERS = new String[0];
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
    return context == null ? NO_HEADERS : headersFor(context.spanContext(), context.baggage());
  }

  /**
   * The headers that continue a span with the given ids and baggage (either may be null), as {@link
   * #headersFor(ArgusContext)}: for a client call, which has both at hand without making a context of them.
   */
  public static String[] headersFor(SpanContext spanContext, Baggage contextBaggage) {
    // Straight into an array of the right size: this runs for every outgoing request.
    boolean withTraceparent = traceContext && spanContext != null && spanContext.isValid();
    String tracestate =
        withTraceparent && !spanContext.traceState().isEmpty() ? spanContext.traceState().toHeader() : null;
    String baggageHeader =
        baggage && contextBaggage != null && !contextBaggage.isEmpty() ? BaggageCodec.format(contextBaggage) : null;
    if (baggageHeader != null && baggageHeader.isEmpty()) {
      baggageHeader = null;
    }
    int count = (withTraceparent ? 2 : 0) + (tracestate != null ? 2 : 0) + (baggageHeader != null ? 2 : 0);
    if (count == 0) {
      return NO_HEADERS;
    }
    String[] headers = new String[count];
    int at = 0;
    if (withTraceparent) {
      headers[at++] = TRACEPARENT;
      headers[at++] = TraceparentCodec.format(spanContext);
    }
    if (tracestate != null) {
      headers[at++] = TRACESTATE;
      headers[at++] = tracestate;
    }
    if (baggageHeader != null) {
      headers[at++] = BAGGAGE;
      headers[at] = baggageHeader;
    }
    return headers;
  }

  /** Writes the headers that continue {@code context} into an outgoing request. */
  public static <C> void inject(ArgusContext context, C carrier, HeaderSetter<C> setter) {
    if (carrier == null || setter == null) {
      return;
    }
    String[] headers = headersFor(context);
    for (int i = 0; i < headers.length; i += 2) {
      setter.set(carrier, headers[i], headers[i + 1]);
    }
  }
}
