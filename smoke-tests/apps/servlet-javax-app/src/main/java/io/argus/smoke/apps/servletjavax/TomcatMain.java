package io.argus.smoke.apps.servletjavax;

import java.nio.file.Files;
import javax.servlet.Filter;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 9 (javax.servlet 4.0) on 127.0.0.1; argument: the port. */
public final class TomcatMain {
  private TomcatMain() {}

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setPort(Integer.parseInt(args[0]));
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    Context context = tomcat.addContext("", null);
    int n = 0;
    for (Filter filter : AppServlets.filters()) {
      String name = "filter" + n++;
      FilterDef def = new FilterDef();
      def.setFilterName(name);
      def.setFilter(filter);
      def.setAsyncSupported("true");
      context.addFilterDef(def);
      FilterMap map = new FilterMap();
      map.setFilterName(name);
      map.addURLPattern("/*");
      map.setDispatcher("REQUEST");
      map.setDispatcher("ASYNC");
      context.addFilterMap(map);
    }
    for (AppServlets.Mapping mapping : AppServlets.servlets()) {
      Wrapper wrapper = Tomcat.addServlet(context, mapping.name(), mapping.servlet());
      wrapper.setAsyncSupported(true);
      context.addServletMappingDecoded(mapping.pattern(), mapping.name());
    }
    tomcat.start();
    System.out.println("SERVLET APP READY tomcat " + ServerInfo.getServerNumber());
    tomcat.getServer().await();
  }
}
