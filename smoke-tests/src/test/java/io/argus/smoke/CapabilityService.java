package io.argus.smoke;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.SmokeApps;
import java.net.URI;
import java.time.Duration;

/** Launch settings for {@code apps/capabilities-app}, the sample agent service of the capability tests. */
final class CapabilityService {
  static final String MAIN = "com.acme.agents.AgentServiceApp";
  static final Duration STARTUP = Duration.ofSeconds(90); // a loaded 2-core CI machine needs more than 30 s

  private final AgentJvm jvm;
  private final int appPort;
  private final int metricsPort;

  private CapabilityService(AgentJvm jvm, int appPort, int metricsPort) {
    this.jvm = jvm;
    this.appPort = appPort;
    this.metricsPort = metricsPort;
  }

  /** The app on free ports, its endpoint on another; the caller adds the capability settings and starts it. */
  static Launch launch() {
    return new Launch();
  }

  AgentJvm jvm() {
    return jvm;
  }

  /** GET a path of the app; returns the response (the body is what the capability returned). */
  HttpGet.Response get(String pathAndQuery) {
    return HttpGet.get("http://127.0.0.1:" + appPort + pathAndQuery);
  }

  String metricsText() {
    return HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body();
  }

  String statusJson() {
    return HttpGet.get("http://127.0.0.1:" + metricsPort + "/status").body();
  }

  /** A URL of the agent's endpoint, e.g. {@code agentUrl("/control")}. */
  URI agentUrl(String path) {
    return URI.create("http://127.0.0.1:" + metricsPort + path);
  }

  static final class Launch {
    private final int appPort = AgentJvm.freePort();
    private final int metricsPort = AgentJvm.freePort();
    private final AgentJvm.Builder builder =
        AgentJvm.builder()
            .name("capabilities")
            .classPath(SmokeApps.classPath("capabilities-app"))
            .mainClass(MAIN)
            .args(String.valueOf(appPort))
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .env("ARGUS_EXPORT_DELAY", "100ms");

    AgentJvm.Builder builder() {
      return builder;
    }

    /** Starts the JVM and waits until the app and the agent's endpoint answer. */
    CapabilityService start() {
      AgentJvm jvm = builder.start();
      try {
        jvm.awaitStdout("CAPABILITIES APP READY", STARTUP);
        HttpGet.awaitStatus("http://127.0.0.1:" + metricsPort + "/ready", 200, STARTUP);
        return new CapabilityService(jvm, appPort, metricsPort);
      } catch (RuntimeException | AssertionError e) {
        jvm.close();
        throw e;
      }
    }
  }
}
