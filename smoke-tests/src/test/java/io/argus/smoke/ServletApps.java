package io.argus.smoke;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.SmokeApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Launch settings for the servlet and Spring Boot apps under {@code apps/}: each server runs the app's classes on its
 * own library directory (e.g. {@code servlet-javax-app/target/lib-jetty}), so one app module serves several servers.
 */
final class ServletApps {
  static final Duration STARTUP = Duration.ofSeconds(60);
  static final String READY = "APP READY";

  /** One server: the app module, the library directory of that server, the main class. */
  record Server(String name, String app, String libDirectory, String mainClass) {
    List<String> classPath() {
      Path target = SmokeApps.appDir(app).resolve("target");
      Path lib = target.resolve(libDirectory);
      if (!Files.isDirectory(lib)) {
        throw new IllegalStateException(lib + " does not exist; build it first: mvn -pl smoke-tests/apps/" + app
            + " process-classes");
      }
      return List.of(target.resolve("classes").toString(), lib.resolve("*").toString());
    }

    /** The app on {@code port} (bound on 127.0.0.1), with the agent unless told otherwise. */
    AgentJvm.Builder on(int port) {
      return AgentJvm.builder().name(name).classPath(classPath()).mainClass(mainClass).args(String.valueOf(port));
    }
  }

  static final Server JETTY_9_JAVAX =
      new Server("jetty9", "servlet-javax-app", "lib-jetty", "io.argus.smoke.apps.servletjavax.JettyMain");
  static final Server TOMCAT_9_JAVAX =
      new Server("tomcat9", "servlet-javax-app", "lib-tomcat", "io.argus.smoke.apps.servletjavax.TomcatMain");
  static final Server SERVLET_25 =
      new Server("servlet25", "servlet-javax-app", "lib-servlet25", "io.argus.smoke.apps.servletjavax.Servlet25Main");
  static final Server JETTY_12_JAKARTA =
      new Server("jetty12", "servlet-jakarta-app", "lib-jetty", "io.argus.smoke.apps.servletjakarta.JettyMain");
  static final Server TOMCAT_11_JAKARTA =
      new Server("tomcat11", "servlet-jakarta-app", "lib-tomcat", "io.argus.smoke.apps.servletjakarta.TomcatMain");
  static final Server TOMCAT_10_JAKARTA =
      new Server("tomcat10", "servlet-jakarta-app", "lib-tomcat10", "io.argus.smoke.apps.servletjakarta.TomcatMain");
  static final Server SPRING_BOOT =
      new Server("spring-boot", "spring-boot-app", "lib", "io.argus.smoke.apps.springboot.OwnersApplication");

  private ServletApps() {}

  static String awaitReady(AgentJvm jvm) {
    return jvm.awaitStdout(READY, STARTUP);
  }
}
