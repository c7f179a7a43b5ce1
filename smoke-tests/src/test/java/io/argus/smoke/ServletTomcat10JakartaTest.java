package io.argus.smoke;

/** Embedded Tomcat 10.0, jakarta.servlet 5.0 (the oldest jakarta API claimed). */
class ServletTomcat10JakartaTest extends ServletServerContract {
  @Override
  ServletApps.Server server() {
    return ServletApps.TOMCAT_10_JAKARTA;
  }
}
