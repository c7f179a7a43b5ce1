package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.ReceivedSpan;
import io.argus.smoke.harness.SmokeApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** Launch settings and span queries shared by the ContextPropagation* tests ({@code apps/context-propagation-app}). */
final class ContextPropagationApps {
  static final String MAIN = "io.argus.smoke.apps.context.ContextPropagationApp";
  static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

  private ContextPropagationApps() {}

  /** The app with the agent, exporting over OTLP to {@code endpoint} quickly. */
  static AgentJvm.Builder app(String endpoint, String... args) {
    return AgentJvm.builder()
        .name("context-" + args[0])
        .classPath(SmokeApps.classPath("context-propagation-app"))
        .mainClass(MAIN)
        .args(args)
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
        .env("ARGUS_EXPORT_DELAY", "100")
        .env("ARGUS_METRICS_PORT", "0");
  }

  /** {@code "17"}: the JDK running the tests; {@code "25"}: Temurin 25 (the test is skipped where it is missing). */
  static Path javaHome(String jdk) {
    if (jdk.equals("25")) {
      Assumptions.assumeTrue(Files.isExecutable(JDK_25.resolve("bin/java")), "Temurin 25 at " + JDK_25);
      return JDK_25;
    }
    return AgentJvm.defaultJavaHome();
  }

  static ReceivedSpan scenarioSpan(List<ReceivedSpan> spans, String scenario) {
    List<ReceivedSpan> parents = spans.stream().filter(s -> s.name().equals("scenario:" + scenario)).toList();
    assertThat(parents).as("parent span of scenario %s", scenario).hasSize(1);
    return parents.get(0);
  }

  static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }
}
