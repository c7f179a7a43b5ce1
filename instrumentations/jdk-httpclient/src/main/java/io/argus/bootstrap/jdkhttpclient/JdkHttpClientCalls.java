package io.argus.bootstrap.jdkhttpclient;

import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.http.HttpClientCall;
import io.argus.bootstrap.propagation.ContextPropagator;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One {@code HttpClient.send} or {@code sendAsync}: a CLIENT span from the call until its future completes.
 *
 * <p>The user's {@code HttpRequest} is immutable, so the trace headers go where the JDK keeps its own headers (Host,
 * User-Agent...): the "system headers" of the internal copy it makes of the request. That copy is made inside
 * sendAsync, on the calling thread, so {@link #start} leaves the headers in a thread-local for
 * {@link #takeHeadersForNewRequest}; requests the JDK derives from it later, on other threads (a redirect, an
 * authentication retry), copy them with {@link #traceHeadersOf}.
 *
 * <p>Java 11+ only: called from advice inlined into java.net.http, whose types this class must not name (they are
 * defined by the platform class loader, invisible from the bootstrap class path).
 */
public final class JdkHttpClientCalls {
  static final String INSTRUMENTATION = "jdk-httpclient";
  private static final String[] TRACE_HEADERS = {
    ContextPropagator.TRACEPARENT, ContextPropagator.TRACESTATE, ContextPropagator.BAGGAGE
  };

  private static final ThreadLocal<String[]> HEADERS_FOR_NEW_REQUEST = new ThreadLocal<String[]>();

  private JdkHttpClientCalls() {}

  /** Enter of sendAsync: starts the span under the caller's context; null when there is nothing to trace. */
  public static HttpClientCall start(String method, URI uri) {
    try {
      HttpClientCall call =
          HttpClientCall.startDetached(method, uri.toString(), uri.getHost(), port(uri));
      if (call == null || call == HttpClientCall.NESTED) {
        return null;
      }
      String[] headers = call.headersToInject();
      if (headers.length > 0) {
        HEADERS_FOR_NEW_REQUEST.set(headers);
      }
      return call;
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
  }

  /** The headers {@link #start} left for the request copy being made on this thread; null when none. */
  public static String[] takeHeadersForNewRequest() {
    String[] headers = HEADERS_FOR_NEW_REQUEST.get();
    if (headers != null) {
      HEADERS_FOR_NEW_REQUEST.set(null); // not remove(): the next set() would make the thread's entry again
    }
    return headers;
  }

  /** The trace headers among a request's system headers (a case-insensitive map), as name, value, ... */
  public static String[] traceHeadersOf(Map<String, List<String>> systemHeaders) {
    List<String> pairs = new ArrayList<String>(6);
    for (String name : TRACE_HEADERS) {
      List<String> values = systemHeaders.get(name);
      if (values != null && !values.isEmpty()) {
        pairs.add(name);
        pairs.add(values.get(0));
      }
    }
    return pairs.toArray(new String[0]);
  }

  /**
   * Exit of sendAsync: ends the span when the returned future completes ({@code send} waits on the same future), or
   * at once if sendAsync itself threw. {@code responseType} is {@code java.net.http.HttpResponse}.
   */
  public static void sent(HttpClientCall call, CompletableFuture<?> future, Throwable thrown, Class<?> responseType) {
    if (HEADERS_FOR_NEW_REQUEST.get() != null) { // sendAsync may fail before it copies the request
      HEADERS_FOR_NEW_REQUEST.set(null);
    }
    if (call == null) {
      return;
    }
    try {
      if (thrown != null || future == null) {
        call.endDetached(0, thrown);
      } else {
        // A dependent stage: the future the application holds completes and cancels exactly as before.
        future.whenComplete(new ResponseCompletion(call, responseType));
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
  }
}
