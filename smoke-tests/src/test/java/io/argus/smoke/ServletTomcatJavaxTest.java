package io.argus.smoke;

/** Embedded Tomcat 9.0, javax.servlet 4.0 (routes from HttpServletMapping). */
class ServletTomcatJavaxTest extends ServletServerContract {
  @Override
  ServletApps.Server server() {
    return ServletApps.TOMCAT_9_JAVAX;
  }
}
