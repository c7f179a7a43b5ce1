package io.argus.instrumentation.springwebmvc;

import io.argus.bootstrap.http.HttpServerCall;
import io.argus.bootstrap.servlet.ServletRoutes;
import jakarta.servlet.http.HttpServletMapping;
import jakarta.servlet.http.HttpServletRequest;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DispatcherServlet.doDispatch(request, response)}. On exit (normal or exceptional) the handler
 * mapping has chosen a handler and exposed its pattern as a request attribute, and the request's SERVER span is still
 * open: the servlet layer around the dispatcher ends it. A nested dispatch (a forward) exits first, so the outer
 * request's own pattern is the one that stays.
 */
public final class DispatcherServletAdvice {
  private DispatcherServletAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) HttpServletRequest request) {
    HttpServerCall call = HttpServerCall.current();
    if (call == null) {
      return; // not inside a traced request (an async dispatch, or the servlet instrumentation is off)
    }
    // HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE (not a compile-time constant), set by
    // RequestMappingInfoHandlerMapping for annotated controllers and by URL handler mappings.
    Object pattern = request.getAttribute("org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
    if (pattern == null) {
      return;
    }
    HttpServletMapping mapping = request.getHttpServletMapping();
    call.frameworkRoute(
        ServletRoutes.frameworkPattern(
            request.getContextPath(),
            mapping == null || mapping.getMappingMatch() == null ? null : mapping.getMappingMatch().name(),
            request.getServletPath(),
            pattern.toString()));
  }
}
