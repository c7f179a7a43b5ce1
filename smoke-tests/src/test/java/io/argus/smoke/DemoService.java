package io.argus.smoke;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;

/** Launch settings for {@code apps/demo-service} (JDK HttpServer + H2), the app most smoke tests attach to. */
final class DemoService {
  static final String MAIN = "io.argus.demo.DemoService";
  static final String BURST_AND_EXIT = "io.argus.demo.BurstAndExit";
  /** Generous: on a loaded 2-core CI machine a JVM with the agent can take this long to start. */
  static final Duration STARTUP = Duration.ofSeconds(90);

  private DemoService() {}

  /** The demo on a free port, generating {@code trafficRequests} requests to itself (one a second). */
  static AgentJvm.Builder withTraffic(int appPort, int trafficRequests) {
    return AgentJvm.builder()
        .name("demo")
        .classPath(SmokeApps.classPath("demo-service"))
        .mainClass(MAIN)
        .args(String.valueOf(appPort), String.valueOf(trafficRequests));
  }

  /**
   * The demo, started and ready, without traffic of its own, exporting only over OTLP/HTTP to {@code receiver} with
   * this export timeout, batches leaving every 200 ms, the agent's endpoint on {@code metricsPort}, a 128 MiB heap.
   */
  static AgentJvm exportingTo(OtlpHttpReceiver receiver, int appPort, int metricsPort, String otlpTimeout) {
    AgentJvm demo =
        withTraffic(appPort, 0)
            .env("OTEL_TRACES_EXPORTER", "otlp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
            .env("OTEL_EXPORTER_OTLP_TIMEOUT", otlpTimeout)
            .env("ARGUS_EXPORT_DELAY", "200")
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .jvmArgs("-Xmx128m")
            .start();
    try {
      awaitReady(demo);
      HttpGet.awaitStatus("http://127.0.0.1:" + metricsPort + "/ready", 200, Duration.ofSeconds(60));
      return demo;
    } catch (RuntimeException | AssertionError e) {
      demo.close(); // the caller never gets it to close
      throw e;
    }
  }

  static String awaitReady(AgentJvm jvm) {
    return jvm.awaitStdout("DEMO READY", STARTUP);
  }
}
