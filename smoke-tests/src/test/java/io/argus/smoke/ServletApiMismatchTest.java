package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A servlet API the instrumentations do not support (2.5: no async API, no {@code getStatus}, no
 * {@code DispatcherType}) is skipped by their class-loader check: the filter and servlet run as without the agent,
 * no class of the app is transformed, and no error of ours shows.
 */
class ServletApiMismatchTest {
  @Test
  void aServlet25FilterAndServletRunUntouchedWithTheAgent() {
    try (AgentJvm app =
        ServletApps.SERVLET_25.on(0)
            .env("ARGUS_METRICS_PORT", "0")
            .env("ARGUS_LOG_LEVEL", "debug")
            .start()) {
      assertThat(app.waitForExit(Duration.ofSeconds(60))).isZero();
      assertThat(app.stdoutLines()).contains("SERVLET 2.5 ANSWER legacy owner /legacy/7");
      List<String> output = new ArrayList<>(app.stdoutLines());
      output.addAll(app.stderrLines());
      // The debug log names every transformed type: proof that the installer ran and left the app alone.
      assertThat(output).anySatisfy(line -> assertThat(line).contains("instrumentation_installed"));
      assertThat(output).noneSatisfy(line -> assertThat(line).contains("\"type_transformed\"").contains("Legacy"));
      assertThat(output).noneSatisfy(line -> assertThat(line)
          .containsAnyOf("transform_failed", "instrumentation_error", "VerifyError", "NoSuchMethodError",
              "NoClassDefFoundError", "\"kind\":\"SERVER\""));
    }
  }
}
