package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.tools.attach.VirtualMachine;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.RetransformEverythingAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Argus attached at runtime to the Spring Boot app (apps/spring-boot-app, Spring MVC on embedded Tomcat with its whole
 * class path) after it has served requests: Byte Buddy matches every class already loaded and retransforms the
 * instrumented ones, then a second agent makes the JVM retransform every modifiable class, so Argus's transformer
 * sees them all again. No class may be refused (no VerifyError or LinkageError), Argus may report no transformation
 * error, and the app must answer as before, now traced.
 */
class LargeApplicationRetransformationTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final List<String> PATHS =
      List.of("/owners/7", "/owners/7/pets/3", "/reports/failing", "/reports/explode", "/slow/quick", "/health");

  @TempDir Path dir;

  /** Status and body of each path; for the error page, whose JSON carries a timestamp, the status alone. */
  private static Map<String, String> answers(int port) {
    Map<String, String> answers = new LinkedHashMap<>();
    for (String path : PATHS) {
      HttpGet.Response response = HttpGet.get("http://127.0.0.1:" + port + path, Duration.ofSeconds(30));
      answers.put(path, response.status() + (path.equals("/reports/explode") ? "" : " " + response.body()));
    }
    return answers;
  }

  private static void attach(AgentJvm app, Path agentJar) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.pid()));
    try {
      vm.loadAgent(agentJar.toString());
    } finally {
      vm.detach();
    }
  }

  /** The summary line of the n-th retransform-everything run, and the failures it printed before it. */
  private static List<String> retransformRun(AgentJvm app, int n) {
    AtomicInteger seen = new AtomicInteger();
    String summary = app.awaitStdout(line -> line.startsWith("RETRANSFORMED ") && seen.incrementAndGet() == n, WAIT);
    List<String> lines = app.stdoutLines();
    int end = lines.indexOf(summary);
    int start = end;
    while (start > 0 && lines.get(start - 1).startsWith("RETRANSFORM FAILED ")) {
      start--;
    }
    return lines.subList(start, end + 1);
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void attachingToARunningSpringBootAppRetransformsEveryLoadedClassWithoutErrorAndItAnswersAsBefore()
      throws Exception {
    int port = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    Path everything = RetransformEverythingAgent.jar(dir);
    try (AgentJvm app =
        ServletApps.SPRING_BOOT
            .on(port)
            .withoutAgent()
            .env("OTEL_TRACES_EXPORTER", "console")
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .start()) {
      ServletApps.awaitReady(app);
      Map<String, String> before = answers(port);

      attach(app, everything); // the JVM alone: what it refuses without Argus (nothing expected)
      List<String> withoutArgus = retransformRun(app, 1);
      attach(app, AgentJvm.agentJar());
      HttpGet.awaitStatus("http://127.0.0.1:" + metricsPort + "/ready", 200, WAIT);
      attach(app, everything); // now through Argus's transformer too
      List<String> withArgus = retransformRun(app, 2);

      assertThat(answers(port)).isEqualTo(before);
      // Spring's dispatcher and Tomcat's servlets were loaded long before the attach: retransformed, they trace.
      app.awaitStdout(line -> line.contains("\"name\":\"GET /owners/{ownerId}/pets/{petId}\"")
          && line.contains("\"kind\":\"SERVER\""), WAIT);
      assertThat(withArgus.subList(0, withArgus.size() - 1))
          .containsExactlyElementsOf(withoutArgus.subList(0, withoutArgus.size() - 1));
      System.out.println("[retransformation] without Argus: " + withoutArgus.get(withoutArgus.size() - 1)
          + "; with Argus: " + withArgus.get(withArgus.size() - 1));

      JsonNode instrumentations =
          Json.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/status").body()).path("instrumentations");
      assertThat(instrumentations.path("transform_errors").asLong()).isZero();
      assertThat(instrumentations.path("transformed_types").asLong()).isPositive();
      assertThat(app.stderrLines())
          .noneSatisfy(line -> assertThat(line).containsAnyOf(
              "transform_failed", "retransform_failed", "VerifyError", "LinkageError", "ClassFormatError"));
      System.out.println("[retransformation] /status instrumentations: transformed_types="
          + instrumentations.path("transformed_types") + " unresolvable_types="
          + instrumentations.path("unresolvable_types"));
    }
  }
}
