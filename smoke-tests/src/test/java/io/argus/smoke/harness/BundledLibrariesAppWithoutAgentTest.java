package io.argus.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The bundled-libraries app works on its own (the with-agent run is a smoke test of the agent). */
class BundledLibrariesAppWithoutAgentTest {

  @Test
  void printsBundledAllOkAndExitsZero() {
    try (AgentJvm app = AgentJvm.builder()
        .mainClass(SmokeApps.BUNDLED_LIBRARIES_MAIN)
        .classPath(SmokeApps.bundledLibrariesClassPath())
        .withoutAgent()
        .name("bundled-libraries")
        .start()) {
      app.awaitStdout(line -> line.equals("BUNDLED ALL OK") || line.startsWith("BUNDLED FAILED"),
          Duration.ofSeconds(30));
      assertThat(app.waitForExit(Duration.ofSeconds(30))).as(app.describeOutput()).isZero();
      assertThat(app.stdoutLines()).noneMatch(line -> line.startsWith("BUNDLED FAILED"));
      assertThat(app.stdoutLines())
          .anyMatch(line -> line.startsWith("BUNDLED byte-buddy OK 1.15."))
          .anyMatch(line -> line.startsWith("BUNDLED opentelemetry OK 1.45.0"))
          .anyMatch(line -> line.startsWith("BUNDLED prometheus-metrics-core OK 1.3."))
          .anyMatch(line -> line.startsWith("BUNDLED jctools-core OK 4.0.1"))
          .contains("BUNDLED ALL OK");
    }
  }
}
