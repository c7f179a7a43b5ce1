package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.SmokeApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A short-lived JVM pushes its metrics to a real Prometheus Pushgateway (Debian's prometheus-pushgateway) at exit; a
 * Pushgateway that is down costs one log line and never a hung exit.
 */
class PushgatewayTest {
  private static final Path PUSHGATEWAY = Path.of("/usr/bin/prometheus-pushgateway");

  private static AgentJvm burst(String pushgatewayUrl) {
    return AgentJvm.builder()
        .name("burst")
        .classPath(SmokeApps.classPath("demo-service"))
        .mainClass(DemoService.BURST_AND_EXIT)
        .args("300")
        .env("OTEL_TRACES_EXPORTER", "none")
        .env("ARGUS_PROMETHEUS_ENABLED", "false")
        .env("ARGUS_PROMETHEUS_PUSHGATEWAY_URL", pushgatewayUrl)
        .start();
  }

  @Test
  void aShortLivedJvmPushesItsFinalMetricsAtExit() throws Exception {
    assertThat(PUSHGATEWAY).as("Debian package prometheus-pushgateway (installed by .ci/run)").exists();
    int port = AgentJvm.freePort();
    Process pushgateway =
        new ProcessBuilder(PUSHGATEWAY.toString(), "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(Files.createTempFile("pushgateway", ".log").toFile())
            .start();
    try {
      String base = "http://127.0.0.1:" + port;
      HttpGet.awaitStatus(base + "/-/ready", 200, Duration.ofSeconds(30));

      try (AgentJvm jvm = burst(base)) {
        assertThat(jvm.waitForExit(Duration.ofSeconds(30))).isZero();
      }

      PrometheusText pushed = PrometheusText.parse(HttpGet.get(base + "/metrics").body());
      assertThat(pushed.value("argus_spans_started_total", "job", "BurstAndExit")).isEqualTo(300);
      assertThat(pushed.samples("argus_spans_started_total").get(0).labels()).containsKey("instance");
      assertThat(pushed.sum("jvm_memory_used_bytes", "job", "BurstAndExit")).isGreaterThan(0);
    } finally {
      pushgateway.destroy();
      pushgateway.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aPushgatewayThatIsDownIsReportedOnceAndDoesNotHoldTheExit() {
    long start = System.nanoTime();
    try (AgentJvm jvm = burst("http://127.0.0.1:" + AgentJvm.freePort())) {
      assertThat(jvm.waitForExit(Duration.ofSeconds(30))).isZero();
      assertThat(jvm.stderrLines())
          .filteredOn(line -> line.contains("pushgateway_push_failed"))
          .hasSize(1)
          .allSatisfy(line -> assertThat(line).contains("ConnectException"));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
  }
}
