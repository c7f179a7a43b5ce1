package io.argus.smoke.apps.servletjakarta;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The servlets and filters both servers mount, with the url-patterns the tests rely on. */
final class AppServlets {
  record Mapping(String name, HttpServlet servlet, String pattern) {}

  private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "async-completer");
    thread.setDaemon(true);
    return thread;
  });

  private AppServlets() {}

  static List<Mapping> servlets() {
    return List.of(
        new Mapping("owners", new OwnersServlet(), "/owners/*"),
        new Mapping("hello", new TextServlet("hello"), "/hello"),
        new Mapping("health", new TextServlet("ok"), "/health"),
        new Mapping("fail", new FailServlet(), "/fail/*"),
        new Mapping("async", new AsyncServlet(), "/async"),
        new Mapping("catalogue", new CatalogueServlet(), "/"));
  }

  /** Two filters in front of everything: a request through them must still be one span. */
  static List<Filter> filters() {
    return List.of(new StampFilter("first"), new StampFilter("second"));
  }

  static void write(HttpServletResponse response, int status, String body) throws IOException {
    response.setStatus(status);
    response.setContentType("text/plain;charset=utf-8");
    response.getWriter().write(body);
  }

  static final class OwnersServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      String id = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
      if (id.matches("[0-9]+")) {
        write(response, 200, "owner " + id);
      } else {
        write(response, 404, "no owner " + id);
      }
    }
  }

  static final class TextServlet extends HttpServlet {
    private final String text;

    TextServlet(String text) {
      this.text = text;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      write(response, 200, text);
    }
  }

  static final class FailServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      if ("/exception".equals(request.getPathInfo())) {
        throw new IllegalStateException("owner database is on fire");
      }
      write(response, 503, "unavailable");
    }
  }

  /** Answers 300 ms later from another thread. */
  static final class AsyncServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      AsyncContext async = request.startAsync();
      LATER.schedule(() -> {
        try {
          write((HttpServletResponse) async.getResponse(), 202, "async done");
        } catch (IOException e) {
          e.printStackTrace();
        } finally {
          async.complete();
        }
      }, 300, TimeUnit.MILLISECONDS);
    }
  }

  /** The default servlet: any path no other mapping takes. */
  static final class CatalogueServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
      write(response, 200, "catalogue " + request.getRequestURI().length());
    }
  }

  static final class StampFilter implements Filter {
    private final String name;

    StampFilter(String name) {
      this.name = name;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      ((HttpServletResponse) response).setHeader("X-Filter-" + name, "passed");
      chain.doFilter(request, response);
    }
  }
}
