package io.argus.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.http.AddressText;
import io.argus.bootstrap.http.HeaderValues;
import io.argus.bootstrap.http.HttpServerCall;
import io.argus.bootstrap.http.HttpSettings;
import io.argus.bootstrap.http.RequestHeaderScan;
import java.net.InetSocketAddress;
import java.net.URI;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code com.sun.net.httpserver.Filter$Chain.doFilter(HttpExchange)}. */
public final class FilterChainAdvice {
  private FilterChainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpServerCall enter(@Advice.Argument(0) HttpExchange exchange) {
    // The server runs two chains per request (the user's filters, then its own): only the outer one reads the
    // request and starts the call.
    if (HttpServerCall.current() != null) {
      return null;
    }
    String requestIdHeader = HttpSettings.requestIdHeader();
    RequestHeaderScan headers = RequestHeaderScan.of(exchange.getRequestHeaders(), requestIdHeader);
    URI uri = exchange.getRequestURI();
    InetSocketAddress local = exchange.getLocalAddress();
    InetSocketAddress remote = exchange.getRemoteAddress();
    HttpServerCall call =
        HttpServerCall.start(
            exchange.getRequestMethod(),
            exchange instanceof HttpsExchange ? "https" : "http",
            uri.getRawPath(),
            uri.getRawQuery(),
            HeaderValues.hostOf(headers.host()),
            local == null ? -1 : local.getPort(),
            remote == null ? null : AddressText.of(remote.getAddress()),
            headers.userAgent(),
            HeaderValues.protocolVersion(exchange.getProtocol()),
            headers.traceparent(),
            headers.tracestate(),
            headers.baggage(),
            headers.requestId());
    // From here on the call is open: nothing may stop enter from returning it, or it would never end.
    try {
      if (call.requestId() != null) {
        exchange.getResponseHeaders().set(requestIdHeader, call.requestId());
      }
      if (call.traceIdHeaderValue() != null) {
        exchange.getResponseHeaders().set(HttpSettings.traceIdResponseHeader(), call.traceIdHeaderValue());
      }
    } catch (Throwable t) {
      InstrumentationErrors.record("jdk-httpserver", t);
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter HttpServerCall call,
      @Advice.Argument(0) HttpExchange exchange,
      @Advice.Thrown Throwable thrown) {
    if (call != null) {
      call.end(exchange.getResponseCode(), thrown);
    }
  }
}
