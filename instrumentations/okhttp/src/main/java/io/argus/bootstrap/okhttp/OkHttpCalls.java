package io.argus.bootstrap.okhttp;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.http.HttpClientCall;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * OkHttp calls, synchronous ({@code execute}) or not ({@code enqueue}): both run
 * {@code RealCall.getResponseWithInterceptorChain} on one thread, the caller's or a dispatcher thread, and that is
 * the span: from the first interceptor to the response, redirects and retries (RetryAndFollowUpInterceptor) inside.
 *
 * <ul>
 *   <li>{@link #enqueued}: an enqueued call remembers the caller's context, for the dispatcher thread;
 *   <li>{@link #start}: starts the span and leaves its trace headers for the first {@code chain.proceed(request)} on
 *       this thread, which swaps in a copy of the (immutable) request with them ({@link #withTraceHeaders}); every
 *       request OkHttp derives from it for a redirect or a retry keeps them;
 *   <li>{@link #end}: ends the span with the response code or the exception.
 * </ul>
 */
public final class OkHttpCalls {
  private static final String INSTRUMENTATION = "okhttp";

  /** Keyed by the RealCall, which keeps Object's identity equality. Weak: a call never executed leaves nothing. */
  private static final Map<Object, ArgusContext> ENQUEUED_CONTEXTS =
      Collections.synchronizedMap(new WeakHashMap<Object, ArgusContext>());

  private static final ThreadLocal<String[]> HEADERS_FOR_FIRST_REQUEST = new ThreadLocal<String[]>();

  private OkHttpCalls() {}

  /** Enter of {@code RealCall.enqueue}. */
  public static void enqueued(Object call) {
    try {
      ArgusContext context = ArgusContext.current();
      if (!context.isRoot()) {
        ENQUEUED_CONTEXTS.put(call, context);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** Enter of {@code RealCall.getResponseWithInterceptorChain}; null when the call is not traced. */
  public static TracedOkHttpCall start(Object call) {
    String method;
    String url;
    String host;
    int port;
    try {
      Object request = OkHttpApi.request(call);
      Object httpUrl = OkHttpApi.url(request);
      method = OkHttpApi.method(request);
      url = httpUrl.toString();
      host = OkHttpApi.host(httpUrl);
      port = OkHttpApi.port(httpUrl);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return null;
    }
    Scope scope = null;
    try {
      ArgusContext enqueuedBy = ENQUEUED_CONTEXTS.remove(call);
      if (enqueuedBy != null) {
        scope = enqueuedBy.makeCurrent(); // the dispatcher thread continues the caller's trace
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
    try {
      HttpClientCall clientCall = HttpClientCall.start(method, url, host, port);
      String[] headers = clientCall.headersToInject();
      if (headers.length > 0) {
        HEADERS_FOR_FIRST_REQUEST.set(headers);
      }
      return new TracedOkHttpCall(clientCall, scope);
    } catch (Throwable t) {
      // No call for the exit advice to end: the dispatcher thread must not keep the caller's context either.
      InstrumentationErrors.record(INSTRUMENTATION, t);
      if (scope != null) {
        scope.close();
      }
      return null;
    }
  }

  /**
   * Enter of {@code RealInterceptorChain.proceed(request)}: for the first proceed of a traced call, a copy of the
   * request with the trace headers; otherwise the request itself.
   */
  public static Object withTraceHeaders(Object request) {
    String[] headers = HEADERS_FOR_FIRST_REQUEST.get();
    if (headers == null || request == null) {
      return request;
    }
    HEADERS_FOR_FIRST_REQUEST.set(null); // not remove(): the next set() would make the thread's entry again
    try {
      return OkHttpApi.withHeaders(request, headers);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return request;
    }
  }

  /** Exit of {@code RealCall.getResponseWithInterceptorChain}: the response, or null with what was thrown. */
  public static void end(TracedOkHttpCall traced, Object response, Throwable thrown) {
    if (HEADERS_FOR_FIRST_REQUEST.get() != null) {
      HEADERS_FOR_FIRST_REQUEST.set(null);
    }
    if (traced == null) {
      return;
    }
    int statusCode = 0;
    try {
      if (response != null) {
        statusCode = OkHttpApi.code(response);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
    traced.call.end(statusCode, thrown);
    if (traced.scope != null) {
      try {
        traced.scope.close();
      } catch (Throwable t) {
        InstrumentationErrors.record(INSTRUMENTATION, t);
      }
    }
  }

  /** The span of one call and, on a dispatcher thread, the scope of the caller's context to close after it. */
  public static final class TracedOkHttpCall {
    final HttpClientCall call;
    final Scope scope;

    TracedOkHttpCall(HttpClientCall call, Scope scope) {
      this.call = call;
      this.scope = scope;
    }
  }
}
