package io.argus.smoke.apps.servletjakarta;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;

/** Embedded Jetty 12.1 with the ee10 servlet environment (jakarta.servlet 6.0) on 127.0.0.1; argument: the port. */
public final class JettyMain {
  private JettyMain() {}

  public static void main(String[] args) throws Exception {
    Server server = new Server(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    for (Filter filter : AppServlets.filters()) {
      FilterHolder holder = new FilterHolder(filter);
      holder.setAsyncSupported(true);
      context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    }
    for (AppServlets.Mapping mapping : AppServlets.servlets()) {
      ServletHolder holder = new ServletHolder(mapping.name(), mapping.servlet());
      holder.setAsyncSupported(true);
      context.addServlet(holder, mapping.pattern());
    }
    server.setHandler(context);
    server.start();
    System.out.println("SERVLET APP READY jetty " + Server.getVersion());
    server.join();
  }
}
