package io.argus.instrumentation.servletjavax;

import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.http.HeaderValues;
import io.argus.bootstrap.http.HttpServerCall;
import io.argus.bootstrap.http.HttpSettings;
import io.argus.bootstrap.servlet.AsyncRequestCompletion;
import io.argus.bootstrap.servlet.ServletHeaders;
import io.argus.bootstrap.servlet.ServletRoutes;
import javax.servlet.AsyncListener;
import javax.servlet.DispatcherType;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletMapping;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import net.bytebuddy.asm.Advice;

/**
 * Servlet 4.x: inlined into every {@code javax.servlet.Filter.doFilter} and {@code Servlet.service} implementation.
 * The outermost of them on a request's REQUEST dispatch starts the call; inner filters and the servlet see
 * {@link HttpServerCall#current()} set and do nothing. {@link JavaxServlet3Advice} is the same without
 * {@code getHttpServletMapping}, which Servlet 3.x lacks.
 */
public final class JavaxServletAdvice {
  private JavaxServletAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpServerCall enter(
      @Advice.Argument(0) ServletRequest servletRequest,
      @Advice.Argument(1) ServletResponse servletResponse,
      @Advice.Local("argusAsyncDispatch") Scope asyncDispatch) {
    if (HttpServerCall.current() != null
        || !(servletRequest instanceof HttpServletRequest)
        || !(servletResponse instanceof HttpServletResponse)) {
      return null;
    }
    HttpServletRequest request = (HttpServletRequest) servletRequest;
    HttpServletResponse response = (HttpServletResponse) servletResponse;
    DispatcherType dispatch = request.getDispatcherType();
    if (dispatch == DispatcherType.ASYNC) {
      // The request's call is still open (it ends when the AsyncContext completes): continue it, start nothing.
      asyncDispatch = AsyncRequestCompletion.resume(request.getAttribute(AsyncRequestCompletion.CALL_ATTRIBUTE));
      return null;
    }
    if (dispatch != DispatcherType.REQUEST) {
      return null; // error pages, forwards and includes belong to the request traced at its REQUEST dispatch
    }
    String requestIdHeader = HttpSettings.requestIdHeader();
    HttpServerCall call =
        HttpServerCall.start(
            request.getMethod(),
            request.getScheme(),
            request.getRequestURI(),
            request.getQueryString(),
            request.getServerName(),
            request.getServerPort(),
            request.getRemoteAddr(),
            request.getHeader("User-Agent"),
            HeaderValues.protocolVersion(request.getProtocol()),
            ServletHeaders.join(request.getHeaders("traceparent")),
            ServletHeaders.join(request.getHeaders("tracestate")),
            ServletHeaders.join(request.getHeaders("baggage")),
            requestIdHeader == null ? null : request.getHeader(requestIdHeader));
    // From here on the call is open: nothing may stop enter from returning it, or it would never end.
    try {
      // The container maps the request to its servlet before the first filter runs.
      HttpServletMapping mapping = request.getHttpServletMapping();
      if (mapping != null && mapping.getMappingMatch() != null) {
        call.frameworkRoute(
            ServletRoutes.fromMapping(
                request.getContextPath(), mapping.getMappingMatch().name(), mapping.getPattern()));
      }
      if (call.requestId() != null) {
        response.setHeader(requestIdHeader, call.requestId());
      }
      if (call.traceIdHeaderValue() != null) {
        response.setHeader(HttpSettings.traceIdResponseHeader(), call.traceIdHeaderValue());
      }
    } catch (Throwable t) {
      InstrumentationErrors.record("servlet-javax", t);
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter HttpServerCall call,
      @Advice.Argument(0) ServletRequest servletRequest,
      @Advice.Argument(1) ServletResponse servletResponse,
      @Advice.Thrown Throwable thrown,
      @Advice.Local("argusAsyncDispatch") Scope asyncDispatch) {
    if (asyncDispatch != null) {
      asyncDispatch.close();
    }
    if (call == null) {
      return;
    }
    HttpServletRequest request = (HttpServletRequest) servletRequest;
    HttpServletResponse response = (HttpServletResponse) servletResponse;
    int status = 0;
    try {
      if (thrown == null && call != HttpServerCall.NESTED && request.isAsyncStarted()) {
        // The response is not finished: end the call when the AsyncContext completes, on whichever thread. (NESTED,
        // a call that failed to start, just unwinds below.)
        Object listener =
            AsyncRequestCompletion.listener(
                "servlet-javax", call, AsyncListener.class, response, HttpServletResponse.class);
        request.setAttribute(AsyncRequestCompletion.CALL_ATTRIBUTE, call);
        request.getAsyncContext().addListener((AsyncListener) listener);
        call.continueAsync();
        return;
      }
      // An exception escaping the outermost layer of an uncommitted response becomes the container's 500.
      status = thrown != null && !response.isCommitted() ? 500 : response.getStatus();
    } catch (Throwable t) {
      InstrumentationErrors.record("servlet-javax", t);
    }
    call.end(status, thrown);
  }
}
