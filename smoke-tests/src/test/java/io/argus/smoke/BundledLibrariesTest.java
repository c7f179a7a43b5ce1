package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An application bundling its own, different versions of Byte Buddy, the OpenTelemetry API/SDK, the Prometheus client
 * and JCTools runs unchanged with the agent, which keeps its own copies relocated and out of the application's sight,
 * and is traced. The app itself checks that each library it uses is its own copy and version.
 */
class BundledLibrariesTest {
  @Test
  void anAppWithItsOwnVersionsOfTheAgentsLibrariesRunsUnchangedAndIsTraced() {
    try (AgentJvm app =
        AgentJvm.builder()
            .name("bundled")
            .classPath(SmokeApps.bundledLibrariesClassPath())
            .mainClass(SmokeApps.BUNDLED_LIBRARIES_MAIN)
            .env("ARGUS_METRICS_PORT", "0")
            .start()) {
      assertThat(app.waitForExit(Duration.ofSeconds(60))).as(app.describeOutput()).isZero();
      assertThat(app.stdoutLines())
          .contains("BUNDLED ALL OK", "BUNDLED traced-by-argus")
          .noneSatisfy(line -> assertThat(line).contains("BUNDLED FAILED"))
          .anySatisfy(line -> assertThat(line).contains("\"name\":\"bundled-libraries-check\""));
    }
  }
}
