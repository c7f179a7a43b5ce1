package io.argus.smoke.apps.servletjavax;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.FilterConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Runs a filter and a servlet against the Servlet 2.5 API (no async API, no {@code getStatus}), which the agent's
 * javax instrumentation does not support: it must leave them alone. There is no 2.5 container here; the request
 * and response are minimal stand-ins built from the 2.5 interfaces, as a container would pass them.
 */
public final class Servlet25Main {
  private Servlet25Main() {}

  public static void main(String[] args) throws Exception {
    StringWriter body = new StringWriter();
    PrintWriter writer = new PrintWriter(body);
    HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
        Servlet25Main.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, margs) -> {
          switch (method.getName()) {
            case "getMethod": return "GET";
            case "getRequestURI": return "/legacy/7";
            case "getProtocol": return "HTTP/1.1";
            case "getScheme": return "http";
            default: return method.getReturnType() == boolean.class ? false
                : method.getReturnType() == int.class ? 0 : null;
          }
        });
    HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
        Servlet25Main.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, (proxy, method, margs) -> {
          if (method.getName().equals("getWriter")) {
            return writer;
          }
          return method.getReturnType() == boolean.class ? false : null;
        });
    LegacyServlet servlet = new LegacyServlet();
    new LegacyFilter().doFilter(request, response, (req, res) -> servlet.service(req, res));
    writer.flush();
    System.out.println("SERVLET 2.5 ANSWER " + body);
  }

  static final class LegacyServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      response.getWriter().write("legacy owner " + request.getRequestURI());
    }
  }

  static final class LegacyFilter implements Filter {
    @Override
    public void init(FilterConfig config) {}

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      chain.doFilter(request, response);
    }

    @Override
    public void destroy() {}
  }
}
