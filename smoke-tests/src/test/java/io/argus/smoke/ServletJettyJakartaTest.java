package io.argus.smoke;

/** Embedded Jetty 12.1 with the ee10 servlet environment, jakarta.servlet 6.0. */
class ServletJettyJakartaTest extends ServletServerContract {
  @Override
  ServletApps.Server server() {
    return ServletApps.JETTY_12_JAKARTA;
  }
}
