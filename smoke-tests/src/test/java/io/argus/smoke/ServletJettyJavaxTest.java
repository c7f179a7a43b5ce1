package io.argus.smoke;

/** Embedded Jetty 9.4, javax.servlet 3.1 (the oldest API claimed: routes from servlet path and path info). */
class ServletJettyJavaxTest extends ServletServerContract {
  @Override
  ServletApps.Server server() {
    return ServletApps.JETTY_9_JAVAX;
  }
}
