package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Instrumentation that fails must not change the application: apps/fault-injection-app makes every kind of
 * instrumented call (JDK HttpServer, four HTTP clients, JDBC, capabilities, executors) and prints what it observed.
 * Its transcript without the agent is the reference; with the agent, and with the agent's instrumentation throwing on
 * purpose ({@code -Dargus.test.fault.injection}, test only) where it starts a call, where it ends one, or in the
 * inlined advice itself, it must be the same, line for line. Each failure is counted on {@code /metrics} and logged
 * once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstrumentationFaultInjectionTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String APP = "io.argus.smoke.apps.faults.FaultInjectionApp";
  private static final String CAPABILITIES =
      "io.argus.smoke.apps.faults.PricingAgent[quote(sku,return),reject,quoteLater,rejectLater,discount];"
          + "io.argus.smoke.apps.faults.Orchestrator[runAll]";
  private static final String ERRORS = "argus_instrumentation_errors_total";

  private List<String> withoutAgent;

  /** What the application sees, and what the agent said, in one run. */
  private record Run(List<String> transcript, PrometheusText metrics, List<String> stderr, List<String> stdout) {}

  @BeforeAll
  void runTheAppWithoutTheAgent() {
    try (AgentJvm app =
        AgentJvm.builder()
            .name("faults-no-agent")
            .withoutAgent()
            .classPath(SmokeApps.classPath("fault-injection-app"))
            .mainClass(APP)
            .start()) {
      withoutAgent = transcriptOf(app);
    }
    assertThat(withoutAgent).hasSizeGreaterThan(50);
  }

  private static List<String> transcriptOf(AgentJvm app) {
    app.awaitStdout("TRANSCRIPT END", WAIT);
    return app.stdoutLines().stream().filter(line -> line.startsWith("RESULT ")).toList();
  }

  /**
   * The app with the agent, instrumentation failing at {@code faultSites} (none: empty); waits for the span lines
   * containing each of {@code awaitedSpans} before it takes the output (spans are exported after the transcript).
   */
  private static Run runWithAgent(String name, List<String> faultSites, String... awaitedSpans) {
    int metricsPort = AgentJvm.freePort();
    AgentJvm.Builder builder =
        AgentJvm.builder()
            .name(name)
            .classPath(SmokeApps.classPath("fault-injection-app"))
            .mainClass(APP)
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .env("ARGUS_CAPABILITIES", CAPABILITIES)
            .env("OTEL_TRACES_EXPORTER", "console");
    if (!faultSites.isEmpty()) {
      builder.systemProperty("argus.test.fault.injection", String.join(",", faultSites));
    }
    try (AgentJvm app = builder.start()) {
      List<String> transcript = transcriptOf(app);
      for (String span : awaitedSpans) {
        app.awaitStdout(span, WAIT);
      }
      HttpGet.awaitStatus("http://127.0.0.1:" + metricsPort + "/ready", 200, WAIT);
      PrometheusText metrics =
          PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body());
      return new Run(transcript, metrics, app.stderrLines(), app.stdoutLines());
    }
  }

  @Test
  void withTheAgentTheApplicationSeesTheSameAndEveryAreaIsTraced() {
    Run run =
        runWithAgent(
            "faults-none",
            List.of(),
            "\"name\":\"GET /echo\",\"kind\":\"SERVER\"",
            "\"url.full\":\"http://127.0.0.1:",
            "\"db.system.name\":\"h2\"",
            "\"name\":\"PricingAgent.quote\"",
            "\"name\":\"Orchestrator.runAll\"");

    assertThat(run.transcript()).containsExactlyElementsOf(withoutAgent);
    assertThat(run.metrics().sum(ERRORS)).as("instrumentation errors without faults").isZero();
    assertThat(run.stderr()).noneSatisfy(line -> assertThat(line).contains("fault_injection_on"));
  }

  private static final List<String> AREAS = List.of("http-server", "http-client", "jdbc", "capabilities", "executors");

  /**
   * One kind of site in every area at once (the areas' sites are reached independently of each other), and the
   * instrumentations whose error counts must show it.
   */
  static Stream<Arguments> siteKinds() {
    return Stream.of(
        Arguments.of(
            "enter",
            List.of("http-server", "http-client", "jdbc", "capabilities",
                // every hand-over captures the context through the same call
                "executors", "fork-join", "completable-future", "thread-start")),
        Arguments.of("exit", List.of("http-server", "http-client", "jdbc", "capabilities", "executors")),
        Arguments.of(
            "advice",
            List.of("jdk-httpserver", "jdbc", "capabilities", "executors",
                // each HTTP client's own helper catches it, except Apache HttpClient's, which lets it reach the advice
                "jdk-httpurlconnection", "jdk-httpclient", "okhttp", "apache-httpclient5")));
  }

  @ParameterizedTest(name = "faults at every {0} site leave the application unchanged, counted and logged once")
  @MethodSource("siteKinds")
  void faultsInTheInstrumentationLeaveTheApplicationUnchangedAndAreCountedAndLoggedOnce(
      String kind, List<String> instrumentations) {
    List<String> sites = AREAS.stream().map(area -> area + "." + kind).toList();
    Run run = runWithAgent("faults-" + kind, sites);

    assertThat(run.transcript()).containsExactlyElementsOf(withoutAgent);
    assertThat(run.stderr())
        .anySatisfy(line ->
            assertThat(line).contains("fault_injection_on", "argus.test.fault.injection", sites.get(0)));
    for (String instrumentation : instrumentations) {
      assertThat(run.metrics().sum(ERRORS, "instrumentation", instrumentation))
          .as("%s{instrumentation=%s}", ERRORS, instrumentation)
          .isPositive();
      assertThat(run.stderr())
          .as("error lines of %s", instrumentation)
          .filteredOn(line -> line.contains("\"event\":\"instrumentation_error\"")
              && line.contains("\"instrumentation\":\"" + instrumentation + "\""))
          .singleElement()
          .satisfies(line -> assertThat(line).contains("fault injected at ", "." + kind));
    }
    // Logged once per instrumentation, counted every time: more failures than lines.
    assertThat(run.metrics().sum(ERRORS)).isGreaterThan(instrumentations.size());
    System.out.println("[faults " + kind + "] " + withoutAgent.size() + " observations unchanged; " + ERRORS + ": "
        + run.metrics().samples(ERRORS).stream()
            .map(sample -> sample.label("instrumentation") + "=" + (long) sample.value())
            .sorted()
            .toList());
  }
}
