package io.argus.bootstrap.http;

import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.CallDepth;
import io.argus.bootstrap.FaultInjection;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanStatus;
import io.argus.bootstrap.metrics.DurationHistogram;
import io.argus.bootstrap.propagation.ContextPropagator;

/**
 * One outgoing HTTP request: the CLIENT span (OpenTelemetry HTTP semantic conventions), the headers that carry the
 * trace to the server, and the client duration metric.
 *
 * <pre>
 * enter: HttpClientCall call = HttpClientCall.start(method, url, host, port);   // never null
 *        String[] headers = call.headersToInject();  // name, value, ...; set them with the client's API
 * exit:  call.end(statusCode, thrown);                 // statusCode <= 0 when there was no response
 * </pre>
 *
 * Synchronous clients call both on one thread; an asynchronous client may call {@link #endDetached} from its
 * completion thread instead. A client calling another instrumented client internally gets {@link #NESTED}.
 */
public final class HttpClientCall {
  private static final String INSTRUMENTATION = "http-client";
  private static final CallDepth DEPTH = new CallDepth();
  private static final String[] NO_HEADERS = new String[0];

  static final DurationHistogram DURATION =
      DurationHistogram.create(
          "http_client_request_duration_seconds",
          "Duration of HTTP client requests (OpenTelemetry http.client.request.duration)",
          DurationHistogram.HTTP_BUCKETS,
          "http_request_method",
          "server_address",
          "http_response_status_code");

  public static final HttpClientCall NESTED = new HttpClientCall(null, null, 0, null, null);

  private final ArgusSpan span;
  private final String[] headers;
  private final long startNanos;
  private final String method;
  private final String serverAddress;

  private HttpClientCall(ArgusSpan span, String[] headers, long startNanos, String method, String serverAddress) {
    this.span = span;
    this.headers = headers;
    this.startNanos = startNanos;
    this.method = method;
    this.serverAddress = serverAddress;
  }

  /** Starts a CLIENT span under the current context. Never throws, never returns null. */
  public static HttpClientCall start(String method, String url, String serverAddress, int serverPort) {
    if (FaultInjection.ON) {
      FaultInjection.fail("http-client.advice");
    }
    // The agent's own exports (OTLP over the JDK's HttpClient) run on agent threads and stay untraced.
    if (DEPTH.increment() > 0 || AgentThread.isCurrent()) {
      return NESTED;
    }
    return create(method, url, serverAddress, serverPort);
  }

  /**
   * Like {@link #start} for asynchronous clients, whose request ends on another thread: no nesting guard, so
   * {@link #endDetached} may be called from anywhere. Never returns null ({@link #NESTED} when not traced).
   */
  public static HttpClientCall startDetached(String method, String url, String serverAddress, int serverPort) {
    if (FaultInjection.ON) {
      FaultInjection.fail("http-client.advice");
    }
    return AgentThread.isCurrent() ? NESTED : create(method, url, serverAddress, serverPort);
  }

  private static HttpClientCall create(String method, String url, String serverAddress, int serverPort) {
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("http-client.enter");
      }
      long startNanos = System.nanoTime();
      String normalisedMethod = HttpMethods.normalise(method);
      ArgusContext parent = ArgusContext.current();
      ArgusSpan span = ArgusTracer.startSpan(normalisedMethod, SpanKind.CLIENT, parent);
      if (span.isRecording()) {
        span.setAttribute("http.request.method", method == null ? "_OTHER" : method);
        if (url != null) {
          span.setAttribute("url.full", HttpSettings.current().redaction.url(url));
        }
        if (serverAddress != null) {
          span.setAttribute("server.address", serverAddress);
        }
        if (serverPort > 0) {
          span.setAttribute("server.port", (long) serverPort);
        }
      }
      String[] headers = ContextPropagator.headersFor(span.spanContext(), parent.baggage());
      return new HttpClientCall(
          span, headers, startNanos, normalisedMethod, serverAddress == null ? "" : serverAddress);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
      return NESTED;
    }
  }

  /** Headers to add to the request: name, value, name, value... */
  public String[] headersToInject() {
    return headers == null ? NO_HEADERS : headers;
  }

  /** Ends a call started with {@link #start} on this thread. */
  public void end(int statusCode, Throwable error) {
    if (DEPTH.decrement() > 0 || this == NESTED) {
      return;
    }
    finish(statusCode, error);
  }

  /** Ends a call started with {@link #startDetached}, from any thread. */
  public void endDetached(int statusCode, Throwable error) {
    if (this != NESTED) {
      finish(statusCode, error);
    }
  }

  private void finish(int statusCode, Throwable error) {
    try {
      if (FaultInjection.ON) {
        FaultInjection.fail("http-client.exit");
      }
      if (statusCode > 0) {
        span.setAttribute("http.response.status_code", (long) statusCode);
      }
      if (error != null) {
        span.setAttribute("error.type", error.getClass().getName());
        span.recordException(error);
      } else if (statusCode >= 400) {
        span.setAttribute("error.type", Integer.toString(statusCode));
        span.setStatus(SpanStatus.ERROR, null);
      }
      span.end();
      DURATION.recordWithExemplar(
          System.nanoTime() - startNanos,
          span,
          method,
          serverAddress,
          statusCode > 0 ? HttpServerCall.statusText(statusCode) : "");
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }
}
