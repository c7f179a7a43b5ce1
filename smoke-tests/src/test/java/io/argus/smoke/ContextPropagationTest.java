package io.argus.smoke;

import static io.argus.smoke.ContextPropagationApps.named;
import static io.argus.smoke.ContextPropagationApps.scenarioSpan;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every JDK way of handing work to another thread, on the JDK that runs the tests (17) and on Temurin 25: in
 * apps/context-propagation-app a parent span is current while tasks are submitted and each task makes a child span;
 * the children's parents are checked in what the agent exported over OTLP. The app runs once per JDK; the tests below
 * look at different sides of that run.
 */
class ContextPropagationTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Children each scenario's tasks make ("NAME-child"), see ExecutorScenarios. */
  private static final Map<String, Integer> CHILDREN = new LinkedHashMap<>();

  static {
    CHILDREN.put("tpe-execute", 4);
    CHILDREN.put("tpe-submit", 4);
    CHILDREN.put("tpe-invokeAll", 4);
    CHILDREN.put("scheduled", 4);
    CHILDREN.put("fork-join", 11);
    CHILDREN.put("common-pool", 9);
    CHILDREN.put("parallel-stream", 64);
    CHILDREN.put("completable-future", 5);
    CHILDREN.put("thread-start", 1);
    CHILDREN.put("stale", 8);
  }

  private record Run(List<ReceivedSpan> spans, List<String> stdout) {}

  private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();

  private static Run run(String jdk) {
    return RUNS.computeIfAbsent(jdk, ContextPropagationTest::launch);
  }

  private static Run launch(String jdk) {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen();
        AgentJvm app =
            ContextPropagationApps.app(receiver.endpoint(), "executors")
                .name("context-executors-jdk" + jdk)
                .javaHome(ContextPropagationApps.javaHome(jdk))
                .start()) {
      assertThat(app.waitForExit(Duration.ofSeconds(120))).as(app.describeOutput()).isZero();
      assertThat(app.stdoutLines()).contains("EXECUTOR SCENARIOS DONE");
      receiver.store().awaitSpans(s -> s.name().equals("scenario:identity"), 1, WAIT);
      assertThat(app.stderrLines())
          .noneSatisfy(line -> assertThat(line).contains("instrumentation_error"))
          .noneSatisfy(line -> assertThat(line).contains("transform_failed").contains("\"type\":\"java."));
      return new Run(receiver.store().spans(), app.stdoutLines());
    }
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"17", "25"})
  void everyKindOfExecutorRunsItsTasksAsChildrenOfTheSpanThatWasCurrentWhenTheyWereSubmitted(String jdk) {
    List<ReceivedSpan> spans = run(jdk).spans();
    for (Map.Entry<String, Integer> scenario : CHILDREN.entrySet()) {
      ReceivedSpan parent = scenarioSpan(spans, scenario.getKey());
      List<ReceivedSpan> children = named(spans, scenario.getKey() + "-child");
      assertThat(children).as("children of %s", scenario.getKey()).hasSize(scenario.getValue());
      assertThat(children)
          .as("children of %s", scenario.getKey())
          .allSatisfy(child -> {
            assertThat(child.traceId()).isEqualTo(parent.traceId());
            assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
          });
      assertThat(children)
          .as("%s ran tasks on another thread than the submitter", scenario.getKey())
          .anySatisfy(child -> assertThat(child.attribute("thread.name")).isNotEqualTo("main"));
    }
    ReceivedSpan invokeAll = scenarioSpan(spans, "tpe-invokeAll");
    assertThat(named(spans, "tpe-invokeAny-child"))
        .singleElement()
        .satisfies(child -> assertThat(child.parentSpanId()).isEqualTo(invokeAll.spanId()));
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"17", "25"})
  void parallelStreamsAndForkJoinSubtasksCarryTheContextOntoThePoolsWorkers(String jdk) {
    List<ReceivedSpan> spans = run(jdk).spans();
    for (String scenario : List.of("parallel-stream", "common-pool", "fork-join")) {
      assertThat(named(spans, scenario + "-child"))
          .as("%s children made on a worker", scenario)
          .anySatisfy(child -> assertThat(child.attribute("thread.name")).contains("worker"));
    }
    assertThat(named(spans, "thread-start-child"))
        .singleElement()
        .satisfies(child -> assertThat(child.attribute("thread.name")).isEqualTo("started-in-request"));
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"17", "25"})
  void aPooledThreadNeverCarriesAStaleContextIntoItsNextTask(String jdk) {
    List<ReceivedSpan> spans = run(jdk).spans();
    // Traced tasks ran on these workers first, some leaving a span current on purpose ("leaked").
    assertThat(named(spans, "leaked")).hasSize(8);
    List<ReceivedSpan> afterwards = spans.stream().filter(s -> s.name().startsWith("stale-after-")).toList();
    assertThat(afterwards).hasSize(12);
    assertThat(afterwards).allSatisfy(span -> assertThat(span.isRoot()).as(span.toString()).isTrue());
    assertThat(afterwards.stream().map(ReceivedSpan::traceId).collect(Collectors.toSet())).hasSize(12);
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"17", "25"})
  void periodicTasksStartTheirOwnTracesInsteadOfJoiningTheRequestThatScheduledThem(String jdk) {
    List<ReceivedSpan> runs = named(run(jdk).spans(), "periodic-run");

    assertThat(runs).hasSizeGreaterThanOrEqualTo(2).allSatisfy(span -> assertThat(span.isRoot()).isTrue());
  }

  @ParameterizedTest(name = "JDK {0}")
  @ValueSource(strings = {"17", "25"})
  void removeShutdownNowAndRejectionHandlersSeeTheApplicationsOwnTasks(String jdk) {
    assertThat(run(jdk).stdout()).contains("IDENTITY remove=true shutdownNow=true rejected=true");
    assertThat(named(run(jdk).spans(), "never-run-child")).isEmpty();
  }
}
