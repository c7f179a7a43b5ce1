package io.argus.agent.endpoint;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * An {@link HttpServer} that puts one filter in front of every context created on it, whoever creates it (the
 * endpoint, the trace viewer, any path added later): a path cannot be left unprotected by forgetting the filter.
 */
final class GuardedHttpServer extends HttpServer {
  private final HttpServer server;
  private final Filter guard;

  GuardedHttpServer(HttpServer server, Filter guard) {
    this.server = server;
    this.guard = guard;
  }

  @Override
  public HttpContext createContext(String path, HttpHandler handler) {
    HttpContext context = server.createContext(path, handler);
    context.getFilters().add(0, guard);
    return context;
  }

  @Override
  public HttpContext createContext(String path) {
    HttpContext context = server.createContext(path);
    context.getFilters().add(0, guard);
    return context;
  }

  @Override
  public void bind(InetSocketAddress address, int backlog) throws IOException {
    server.bind(address, backlog);
  }

  @Override
  public void start() {
    server.start();
  }

  @Override
  public void setExecutor(Executor executor) {
    server.setExecutor(executor);
  }

  @Override
  public Executor getExecutor() {
    return server.getExecutor();
  }

  @Override
  public void stop(int delay) {
    server.stop(delay);
  }

  @Override
  public void removeContext(String path) {
    server.removeContext(path);
  }

  @Override
  public void removeContext(HttpContext context) {
    server.removeContext(context);
  }

  @Override
  public InetSocketAddress getAddress() {
    return server.getAddress();
  }
}
