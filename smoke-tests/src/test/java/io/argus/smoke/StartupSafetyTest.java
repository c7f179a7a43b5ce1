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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad settings, a broken, unreadable or misplaced config file, a taken port, log and span files that cannot be
 * written: one clear error line naming the setting or file and the cause, and the application runs and is traced.
 */
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
      assertThat(demo.stderrLines())
          .filteredOn(line -> line.contains("config_invalid"))
          .singleElement()
          .satisfies(line -> assertThat(line).contains(config.toString(), "agent argument", "malformed YAML"));
    }
  }

  @Test
  void aConfigFileThatIsADirectoryIsReportedAndTheAppStillStarts() {
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 0)
            .env("ARGUS_CONFIG_FILE", tempDir.toString())
            .env("ARGUS_METRICS_PORT", String.valueOf(AgentJvm.freePort()))
            .start()) {
      assertRunsAndTraces(demo, appPort);
      assertThat(demo.stderrLines())
          .filteredOn(line -> line.contains("config_invalid"))
          .singleElement()
          .satisfies(line -> assertThat(line)
              .contains(tempDir.toString(), "ARGUS_CONFIG_FILE", "it is a directory, not a file"));
    }
  }

  /**
   * chmod 000 keeps a normal user out; root reads such a file anyway, so as root the test reads the JVM's own memory
   * file instead, whose read fails with EIO.
   */
  @Test
  void anUnreadableConfigFileIsReportedWithItsCauseAndTheAppStillStarts() throws IOException {
    Path config = Files.writeString(tempDir.resolve("argus.yaml"), "prometheus:\n  port: 1\n");
    Files.setPosixFilePermissions(config, Set.of());
    boolean chmodProtects = !Files.isReadable(config);
    Path unreadable = chmodProtects ? config : Path.of("/proc/self/mem");
    String cause = chmodProtects ? "permission denied" : "cannot read it: IOException: Input/output error";
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 0)
            .agentArgs("config=" + unreadable)
            .env("ARGUS_METRICS_PORT", String.valueOf(AgentJvm.freePort()))
            .start()) {
      assertRunsAndTraces(demo, appPort);
      assertThat(demo.stderrLines())
          .filteredOn(line -> line.contains("config_invalid"))
          .singleElement()
          .satisfies(line -> assertThat(line).contains(unreadable.toString(), "agent argument", cause));
    }
  }

  /** A path under a regular file cannot be created, whoever runs the test (root included). */
  @Test
  void anUnwritableAgentLogFileIsReportedOnStderrAndTheAppStillStartsAndIsTraced() throws IOException {
    Path notADirectory = Files.writeString(tempDir.resolve("plain-file"), "");
    Path logFile = notADirectory.resolve("argus.log");
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 0)
            .env("ARGUS_LOG_TARGET", logFile.toString())
            .env("ARGUS_METRICS_PORT", String.valueOf(AgentJvm.freePort()))
            .start()) {
      assertRunsAndTraces(demo, appPort);
      assertThat(demo.stderrLines())
          .filteredOn(line -> line.contains("log_target_unwritable"))
          .singleElement()
          .satisfies(line -> assertThat(line)
              .contains("argus.log.target", logFile.toString(), "Not a directory", "\"fallback\":\"stderr\""));
      // The diagnostics that follow are not lost: they go to stderr.
      assertThat(demo.stderrLines()).anySatisfy(line -> assertThat(line).contains("agent_started"));
    }
  }

  @Test
  void anUnwritableSpanFileIsReportedAndSpansGoToStdoutInstead() throws IOException {
    Path notADirectory = Files.writeString(tempDir.resolve("plain-file"), "");
    Path spanFile = notADirectory.resolve("spans.jsonl");
    int appPort = AgentJvm.freePort();
    try (AgentJvm demo =
        DemoService.withTraffic(appPort, 0)
            .env("ARGUS_LOGS_TARGET", spanFile.toString())
            .env("ARGUS_METRICS_PORT", String.valueOf(AgentJvm.freePort()))
            .start()) {
      assertRunsAndTraces(demo, appPort);
      assertThat(demo.stderrLines())
          .filteredOn(line -> line.contains("span_output_unwritable"))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("argus.logs.target", spanFile.toString(), "Not a directory"));
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
