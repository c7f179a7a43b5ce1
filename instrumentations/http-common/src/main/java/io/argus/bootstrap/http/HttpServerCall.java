package io.argus.bootstrap.http;

import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.CallDepth;
import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanStatus;
import io.argus.bootstrap.metrics.DurationHistogram;
import io.argus.bootstrap.metrics.UpDownGauge;
import io.argus.bootstrap.propagation.ContextPropagator;
import io.argus.bootstrap.propagation.TraceparentCodec;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One inbound HTTP request, from the server instrumentation's enter advice to its exit advice: the SERVER span
 * (OpenTelemetry HTTP semantic conventions), the context made current for the handler, and the RED metrics.
 *
 * <p>Every server instrumentation uses it the same way:
 *
 * <pre>
 * enter: HttpServerCall call = HttpServerCall.start(method, scheme, path, query, ...);   // never null
 *        then set call.requestId() / call.traceIdHeaderValue() on the response when they are not null
 * exit:  call.end(statusCode, thrown);
 * </pre>
 *
 * A request handled by nested instrumented layers (filters, a dispatcher calling a handler) yields one call: the
 * nested ones get {@link #NESTED}, whose {@code end} only unwinds the nesting. A framework layer inside the server
 * (Spring MVC) reaches the call with {@link #current()} to hand it the route it matched. A request that goes
 * asynchronous (servlet {@code startAsync}) calls {@link #continueAsync()} when its thread leaves, and {@code end}
 * later from whichever thread completes it.
 */
public final class HttpServerCall {
  private static final String INSTRUMENTATION = "http-server";
  private static final CallDepth DEPTH = new CallDepth();
  /**
   * The outermost call in progress on each thread, for {@link #current()}. A one-element holder, like CallDepth's,
   * so that setting and clearing it per request allocates nothing.
   */
  private static final ThreadLocal<HttpServerCall[]> CURRENT =
      new ThreadLocal<HttpServerCall[]>() {
        @Override
        protected HttpServerCall[] initialValue() {
          return new HttpServerCall[1];
        }
      };

  static final DurationHistogram DURATION =
      DurationHistogram.create(
          "http_server_request_duration_seconds",
          "Duration of HTTP server requests (OpenTelemetry http.server.request.duration)",
          DurationHistogram.HTTP_BUCKETS,
          "http_request_method",
          "http_route",
          "http_response_status_code",
          "url_scheme");
  static final UpDownGauge ACTIVE =
      UpDownGauge.create(
          "http_server_active_requests",
          "HTTP server requests in flight (OpenTelemetry http.server.active_requests)",
          "http_request_method",
          "url_scheme");

  /**
   * Longest values kept from a request (characters; longer ones are cut): a span waits in a queue of thousands, so
   * what a client sends must not decide how much memory each one holds. Real user agents and host names are far
   * shorter, real paths and queries usually are.
   */
  static final int MAX_HEADER_VALUE_LENGTH = 512;

  static final int MAX_URL_PART_LENGTH = 2048;
  static final int MAX_METHOD_LENGTH = 32;

  /** Returned for a nested layer of the same request. */
  public static final HttpServerCall NESTED = new HttpServerCall();

  private final ArgusSpan span;
  private final Scope scope;
  private final ArgusContext context;
  private final long startNanos;
  private final String method;
  private final String scheme;
  private final boolean measured;
  private final String requestId;
  private final String traceIdHeaderValue;
  private final String path;
  private final RouteTemplates routes;
  /** The framework's route, or null until the request ends: then the rules and the normaliser make one. */
  private String route;
  /** Set by continueAsync: end() then comes from another thread and must not touch this thread's state. */
  private volatile boolean detached;

  private HttpServerCall() {
    span = null;
    scope = null;
    context = ArgusContext.ROOT;
    startNanos = 0;
    method = null;
    scheme = null;
    measured = false;
    requestId = null;
    traceIdHeaderValue = null;
    path = null;
    routes = null;
  }

  private HttpServerCall(
      ArgusSpan span, Scope scope, ArgusContext context, long startNanos, String method, String scheme, String path,
      RouteTemplates routes, boolean measured, String requestId, String traceIdHeaderValue) {
    this.span = span;
    this.scope = scope;
    this.context = context;
    this.startNanos = startNanos;
    this.method = method;
    this.scheme = scheme;
    this.path = path;
    this.routes = routes;
    this.measured = measured;
    this.requestId = requestId;
    this.traceIdHeaderValue = traceIdHeaderValue;
  }

  /**
   * Starts the request's telemetry and makes its context current on this thread. Every argument may be null (or -1
   * for the port) when the server does not know it. Never throws, never returns null.
   */
  public static HttpServerCall start(
      String method,
      String scheme,
      String path,
      String query,
      String serverAddress,
      int serverPort,
      String clientAddress,
      String userAgent,
      String protocolVersion,
      String traceparent,
      String tracestate,
      String baggage,
      String incomingRequestId) {
    if (FaultInjection.ON) {
      FaultInjection.fail("http-server.advice");
    }
    // The agent's own endpoint runs on agent threads; its scrapes are not the application's traffic.
    if (DEPTH.increment() > 0 || AgentThread.isCurrent()) {
      return NESTED;
    }
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("http-server.enter");
      }
      long startNanos = System.nanoTime();
      HttpSettings settings = HttpSettings.current();
      String normalisedMethod = HttpMethods.normalise(method);
      // A SERVER span always starts from the request's headers, never from whatever a pooled thread holds.
      ArgusContext parent = ContextPropagator.extract(traceparent, tracestate, baggage);
      boolean excluded = path != null && settings.isExcluded(path);
      String requestId = null;
      if (settings.requestIdHeader != null) {
        requestId = validRequestId(incomingRequestId) ? incomingRequestId : newRequestId();
        parent = parent.withRequestId(requestId); // for log correlation of everything under this request
      }
      ArgusSpan span = null;
      ArgusContext context = parent; // excluded: no span, but downstream calls still continue the caller's trace
      String traceIdHeader = null;
      if (!excluded) {
        // Named "METHOD route" when it ends: most requests learn their route from the framework only later.
        span = ArgusTracer.startSpan(normalisedMethod, SpanKind.SERVER, parent);
        if (span.isRecording()) {
          span.reserveAttributes(16);
          span.setAttribute("http.request.method", normalisedMethod);
          if (!normalisedMethod.equals(method) && method != null) {
            span.setAttribute("http.request.method_original", bounded(method, MAX_METHOD_LENGTH));
          }
          setIfPresent(span, "url.path", bounded(path, MAX_URL_PART_LENGTH));
          setIfPresent(span, "url.query", bounded(settings.redaction.query(query), MAX_URL_PART_LENGTH));
          setIfPresent(span, "url.scheme", scheme);
          setIfPresent(span, "server.address", bounded(serverAddress, MAX_HEADER_VALUE_LENGTH));
          if (serverPort > 0) {
            span.setAttribute("server.port", (long) serverPort);
          }
          setIfPresent(span, "client.address", clientAddress);
          setIfPresent(span, "user_agent.original", bounded(userAgent, MAX_HEADER_VALUE_LENGTH));
          setIfPresent(span, "network.protocol.version", protocolVersion);
          if (requestId != null) {
            span.setAttribute("http.request.header.x-request-id", requestId);
          }
        }
        if (settings.traceIdResponseHeader != null && span.spanContext().isValid()) {
          traceIdHeader =
              TraceparentCodec.traceIdHex(span.spanContext().traceIdHigh(), span.spanContext().traceIdLow());
        }
        context = parent.with(span);
      }
      Scope scope = context.makeCurrent();
      boolean measured = !excluded || settings.excludedPathsInMetrics;
      String schemeLabel = scheme == null ? "http" : scheme;
      if (measured) {
        ACTIVE.add(1, normalisedMethod, schemeLabel);
      }
      HttpServerCall call =
          new HttpServerCall(
              span, scope, context, startNanos, normalisedMethod, schemeLabel, path, settings.routes, measured,
              requestId, traceIdHeader);
      CURRENT.get()[0] = call;
      return call;
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return NESTED;
    }
  }

  /**
   * The outermost call in progress on this thread, or null: how a framework layer running inside the server's
   * handler (Spring MVC's dispatcher) reaches the call the server layer started. Allocation-free.
   */
  public static HttpServerCall current() {
    return CURRENT.get()[0];
  }

  /**
   * The context of this call (its SERVER span, or the caller's context on an excluded path), for work that resumes
   * the request on another thread, such as a servlet's async dispatch.
   */
  public ArgusContext context() {
    return context;
  }

  /**
   * The request goes on asynchronously after the handler's thread leaves it (a servlet's {@code startAsync}): restores
   * this thread now (previous context, nesting, {@link #current()}) and keeps the call open; {@link #end} then
   * finishes it, once, from whichever thread completes the request. Call it in place of {@code end} on the outermost
   * layer's exit. Never throws.
   */
  public void continueAsync() {
    if (this == NESTED || detached) {
      return;
    }
    detached = true;
    DEPTH.decrement();
    try {
      leaveThread();
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /** The route template the framework matched (Spring MVC's best matching pattern, a servlet mapping). */
  public void frameworkRoute(String template) {
    if (this == NESTED || template == null || template.isEmpty()) {
      return;
    }
    route = template;
  }

  /** The request id to echo in the response, or null when the feature is off. */
  public String requestId() {
    return requestId;
  }

  /** The trace id to send in the configured response header, or null when off. */
  public String traceIdHeaderValue() {
    return traceIdHeaderValue;
  }

  /** Ends the request: status, exception, metrics; restores the thread's previous context. Never throws. */
  public void end(int statusCode, Throwable error) {
    if (detached) {
      finish(statusCode, error);
      return;
    }
    if (DEPTH.decrement() > 0 || this == NESTED) {
      return;
    }
    try {
      leaveThread();
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
    finish(statusCode, error);
  }

  private void leaveThread() {
    HttpServerCall[] current = CURRENT.get();
    if (current[0] == this) {
      current[0] = null;
    }
    scope.close();
  }

  private void finish(int statusCode, Throwable error) {
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("http-server.exit");
      }
      int status = statusCode > 0 ? statusCode : (error != null ? 500 : 200);
      String route = this.route != null ? this.route : routes.templateFor(path);
      if (span != null) {
        if (span.isRecording()) {
          span.updateName(SpanNames.of(method, route));
          span.setAttribute("http.route", route);
        }
        span.setAttribute("http.response.status_code", (long) status);
        if (error != null) {
          span.recordException(error);
        } else if (status >= 500) {
          span.setStatus(SpanStatus.ERROR, null);
        }
        span.end();
      }
      if (measured) {
        ACTIVE.add(-1, method, scheme);
        DURATION.recordWithExemplar(
            System.nanoTime() - startNanos, span, method, route, statusText(status), scheme);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  static String bounded(String value, int maxLength) {
    return value == null || value.length() <= maxLength ? value : value.substring(0, maxLength);
  }

  private static void setIfPresent(ArgusSpan span, String key, String value) {
    if (value != null && !value.isEmpty()) {
      span.setAttribute(key, value);
    }
  }

  /** Status codes as label values without allocating for the common ones. */
  static String statusText(int status) {
    switch (status) {
      case 200:
        return "200";
      case 201:
        return "201";
      case 204:
        return "204";
      case 301:
        return "301";
      case 302:
        return "302";
      case 304:
        return "304";
      case 400:
        return "400";
      case 401:
        return "401";
      case 403:
        return "403";
      case 404:
        return "404";
      case 500:
        return "500";
      case 503:
        return "503";
      default:
        return Integer.toString(status);
    }
  }

  /** Accept a caller's id only if it is short printable ASCII: it is echoed into our response and our telemetry. */
  static boolean validRequestId(String id) {
    if (id == null || id.isEmpty() || id.length() > 128) {
      return false;
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & 0xffffffffffff0fffL) | 0x0000000000004000L; // version 4
    long low = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L; // IETF variant
    return new java.util.UUID(high, low).toString();
  }
}
