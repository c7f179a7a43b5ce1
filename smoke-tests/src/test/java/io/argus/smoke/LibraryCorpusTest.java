package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * apps/library-corpus-app loads and links every class of popular libraries (Guava, Jackson, Netty, commons-lang3,
 * Hibernate ORM, Tomcat, Jetty, OkHttp, Apache HttpClient 5, H2, PostgreSQL, HikariCP, Logback, Log4j and their
 * dependencies, about 28 000 classes), once without the agent and once with it, side by side. Classes that need an
 * absent optional dependency fail in both; the agent must add no failure (no VerifyError, no LinkageError) and report
 * no transformation error.
 */
class LibraryCorpusTest {
  private static final Duration WAIT = Duration.ofMinutes(9);
  private static final String APP = "io.argus.smoke.apps.corpus.LibraryCorpusApp";

  private static AgentJvm.Builder corpus(String name) {
    return AgentJvm.builder()
        .name(name)
        .classPath(SmokeApps.classPath("library-corpus-app"))
        .mainClass(APP);
  }

  private static List<String> failures(AgentJvm app) {
    return app.stdoutLines().stream().filter(line -> line.startsWith("FAILED ")).toList();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void loadingEveryClassOfPopularLibrariesFailsForTheSameClassesWithAndWithoutTheAgent() {
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm without = corpus("corpus-no-agent").withoutAgent().args("--exit").start();
        AgentJvm with =
            corpus("corpus-agent")
                .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
                .env("OTEL_TRACES_EXPORTER", "none")
                .env("ARGUS_LOG_LEVEL", "debug") // for the type_unresolvable lines
                .start()) {
      String doneWithout = without.awaitStdout("CORPUS DONE", WAIT);
      String doneWith = with.awaitStdout("CORPUS DONE", WAIT);
      System.out.println("[corpus] without the agent: " + doneWithout + "; with it: " + doneWith);

      assertThat(doneWith.replaceAll(" seconds=\\d+", "")).isEqualTo(doneWithout.replaceAll(" seconds=\\d+", ""));
      List<String> failedWithout = failures(without);
      assertThat(failures(with)).containsExactlyElementsOf(failedWithout);
      assertThat(failures(with)).noneSatisfy(line -> assertThat(line).containsAnyOf("VerifyError", "ClassFormatError"));

      JsonNode instrumentations =
          Json.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/status").body()).path("instrumentations");
      assertThat(instrumentations.path("transform_errors").asLong()).isZero();
      assertThat(instrumentations.path("transformed_types").asLong()).isPositive();
      assertThat(with.stderrLines()).noneSatisfy(line -> assertThat(line).contains("transform_failed"));
      // Types whose hierarchy Byte Buddy could not resolve are exactly classes the JVM cannot load without the agent.
      List<String> unresolvable =
          with.stderrLines().stream()
              .filter(line -> line.contains("\"event\":\"type_unresolvable\""))
              .map(line -> Json.parse(line).path("type").asText())
              .toList();
      assertThat(instrumentations.path("unresolvable_types").asLong()).isEqualTo(unresolvable.size());
      for (String type : unresolvable) {
        assertThat(failedWithout).anySatisfy(line -> assertThat(line).endsWith(" " + type));
      }
      System.out.println("[corpus] transformed_types=" + instrumentations.path("transformed_types")
          + " unresolvable_types=" + unresolvable.size() + " failures (both runs)=" + failedWithout.size());
    }
  }
}
