package io.argus.smoke;

/** Embedded Tomcat 11.0, jakarta.servlet 6.1 (the newest API claimed). */
class ServletTomcatJakartaTest extends ServletServerContract {
  @Override
  ServletApps.Server server() {
    return ServletApps.TOMCAT_11_JAKARTA;
  }
}
