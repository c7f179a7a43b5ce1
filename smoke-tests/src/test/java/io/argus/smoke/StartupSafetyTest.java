package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad settings, a broken config file or a taken port: a clear error line, and the application runs and is traced. */
class StartupSafetyTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path tempDir;

  private static void assertRunsAndTraces(AgentJvm demo, int appPort) {
    DemoService.awaitReady(demo);
    assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/hello").status()).isEqualTo(200);
    demo.awaitStdout(line -> line.contains("\"name\":\"GET /hello\""), WAIT);
  }

  @Test
  void badValuesAreEachReportedInOneLineAndTheAppStillStartsAndIsTraced() {
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 0)
            .env("ARGUS_METRICS_PORT", "abc")
            .env("OTEL_TRACES_SAMPLER_ARG", "2")
            .env("OTEL_TRACES_SAMPLER", "traceidratio")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318")
            .systemProperty("argus.metrics.port", String.valueOf(AgentJvm.freePort()))
            .start()) {
      assertRunsAndTraces(demo, appPort);

      assertThat(demo.stderrLines())
          .anySatisfy(line -> assertThat(line).contains("config_invalid", "'abc'", "argus.metrics.port", "0-65535"))
          .anySatisfy(line -> assertThat(line).contains("config_invalid", "'2'", "otel.traces.sampler.arg"))
          .anySatisfy(
              line -> assertThat(line).contains("config_invalid", "collector:4318", "otel.exporter.otlp.endpoint"));
    }
  }

  @Test
  void aMalformedConfigFileIsReportedAndTheAppStillStarts() throws IOException {
    Path config = tempDir.resolve("argus.yaml");
    Files.writeString(config, "global:\n  enabled: [unclosed\nprometheus:\n  port: 1\n");
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 0)
            .agentArgs("config=" + config)
            .env("ARGUS_METRICS_PORT", String.valueOf(AgentJvm.freePort()))
            .start()) {
      assertRunsAndTraces(demo, appPort);
      assertThat(demo.stderrLines()).anySatisfy(line -> assertThat(line).contains("config_invalid", config.toString()));
    }
  }

  @Test
  void aTakenMetricsPortIsReportedClearlyAndTracingContinues() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int appPort = AgentJvm.freePort();
      try (AgentJvm demo =
          DemoService.withTraffic(appPort, 0)
              .env("ARGUS_METRICS_PORT", String.valueOf(taken.getLocalPort()))
              .start()) {
        assertRunsAndTraces(demo, appPort);
        String error = demo.awaitStderr(line -> line.contains("endpoint_port_in_use"), WAIT);
        assertThat(error).contains(String.valueOf(taken.getLocalPort()), "ARGUS_METRICS_PORT");
      }
    }
  }

  @Test
  void portZeroPicksAFreePortAndReportsIt() {
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo = DemoService.withTraffic(appPort, 0).env("ARGUS_METRICS_PORT", "0").start()) {
      DemoService.awaitReady(demo);
      String line = demo.awaitStderr(l -> l.contains("endpoint_started"), WAIT);
      String address = line.replaceAll(".*\"address\":\"(http://127\\.0\\.0\\.1:\\d+)\".*", "$1");
      assertThat(address).matches("http://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":0");
      assertThat(HttpGet.get(address + "/status").body()).contains(address.substring("http://".length()));
    }
  }

  @Test
  void strictModeAbortsStartUpWithTheConfigurationError() {
    try (AgentJvm demo =
        DemoService.withTraffic(AgentJvm.freePort(), 0)
            .env("ARGUS_STRICT", "true")
            .env("OTEL_TRACES_SAMPLER_ARG", "2")
            .start()) {
      int exit = demo.waitForExit(WAIT);
      assertThat(exit).isNotZero();
      assertThat(demo.stderrLines()).anySatisfy(line -> assertThat(line).contains("argus.strict", "'2'"));
      assertThat(demo.stdoutLines()).noneSatisfy(line -> assertThat(line).contains("DEMO READY"));
    }
  }

  @Test
  void otelSdkDisabledTurnsTheAgentOffAndTheAppRunsUntouched() {
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo = DemoService.withTraffic(appPort, 0).env("OTEL_SDK_DISABLED", "true").start()) {
      DemoService.awaitReady(demo);
      assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/hello").status()).isEqualTo(200);
      demo.awaitStderr(line -> line.contains("agent_disabled"), WAIT);
      assertThat(demo.stdoutLines()).noneSatisfy(line -> assertThat(line).contains("\"trace_id\""));
    }
  }
}
