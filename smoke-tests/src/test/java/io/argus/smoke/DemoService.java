package io.argus.smoke;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;

/** Launch settings for {@code apps/demo-service} (JDK HttpServer + H2), the app most smoke tests attach to. */
final class DemoService {
  static final String MAIN = "io.argus.demo.DemoService";
  static final String BURST_AND_EXIT = "io.argus.demo.BurstAndExit";
  static final Duration STARTUP = Duration.ofSeconds(30);

  private DemoService() {}

  /** The demo on a free port, generating {@code trafficRequests} requests to itself (one a second). */
  static AgentJvm.Builder withTraffic(int appPort, int trafficRequests) {
    return AgentJvm.builder()
        .name("demo")
        .classPath(SmokeApps.classPath("demo-service"))
        .mainClass(MAIN)
        .args(String.valueOf(appPort), String.valueOf(trafficRequests));
  }

  static String awaitReady(AgentJvm jvm) {
    return jvm.awaitStdout("DEMO READY", STARTUP);
  }
}
