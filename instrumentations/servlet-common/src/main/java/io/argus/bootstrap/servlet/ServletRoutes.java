package io.argus.bootstrap.servlet;

/**
 * Route templates ({@code http.route}) from what a servlet container knows about the servlet that serves a request.
 * Routes include the context path, as the OpenTelemetry semantic conventions ask for servlet routes. Null means "no
 * route worth the name": the caller keeps HttpServerCall's fallback (rules, then the built-in normaliser).
 */
public final class ServletRoutes {
  private ServletRoutes() {}

  /**
   * From a Servlet 4+ {@code HttpServletMapping}: {@code match} is the name of its {@code MappingMatch} constant,
   * {@code pattern} the url-pattern that matched.
   *
   * <ul>
   *   <li>EXACT {@code /hello} → {@code /hello}; PATH {@code /owners/*} → {@code /owners/*}
   *   <li>EXTENSION {@code *.do} → {@code /*.do}; CONTEXT_ROOT → {@code /}
   *   <li>DEFAULT ({@code /}) and a PATH {@code /*} catch-all → null: they say nothing about the path, while the
   *       normaliser turns {@code /owners/7} into {@code /owners/{id}}. A framework servlet mapped so (Spring's
   *       DispatcherServlet) reports its own route.
   * </ul>
   */
  public static String fromMapping(String contextPath, String match, String pattern) {
    if (match == null || pattern == null) {
      return null;
    }
    String context = contextPath == null ? "" : contextPath;
    if (match.equals("EXACT")) {
      return pattern.isEmpty() ? null : context + pattern;
    }
    if (match.equals("PATH")) {
      return pattern.equals("/*") ? null : context + pattern;
    }
    if (match.equals("EXTENSION")) {
      return context + "/" + pattern;
    }
    if (match.equals("CONTEXT_ROOT")) {
      return context + "/";
    }
    return null;
  }

  /**
   * Servlet 3.x has no mapping object. A path mapping ({@code /owners/*}) is recognisable all the same: the servlet
   * path is the mapping's prefix and the path info the rest. Exact, extension and default mappings all look alike
   * (no path info), so they get null.
   */
  public static String fromServletPath(String contextPath, String servletPath, String pathInfo) {
    if (pathInfo == null || servletPath == null || servletPath.isEmpty()) {
      return null;
    }
    return (contextPath == null ? "" : contextPath) + servletPath + "/*";
  }

  /**
   * A Spring MVC handler pattern ({@code /owners/{ownerId}}) as a route: Spring matches patterns against the path
   * after the context path and, when the DispatcherServlet has a path mapping ({@code /api/*}), after its servlet
   * path too; both are put back in front.
   */
  public static String frameworkPattern(String contextPath, String servletMatch, String servletPath, String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      return null;
    }
    String context = contextPath == null ? "" : contextPath;
    String servletPrefix = "PATH".equals(servletMatch) && servletPath != null ? servletPath : "";
    if (context.isEmpty() && servletPrefix.isEmpty()) {
      return pattern;
    }
    return context + servletPrefix + pattern;
  }
}
