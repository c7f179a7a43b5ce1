package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.JdkTool;
import io.argus.smoke.harness.PrintAndExitMain;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code JAVA_TOOL_OPTIONS=-javaagent:argus-agent.jar}, as a container sets it: the service gets the agent, and so
 * does every JDK tool run next to it with the same environment, in which the agent must stay dormant — the tool's
 * output is exactly what it is without the agent (plus the JVM's own "Picked up JAVA_TOOL_OPTIONS" line), no agent
 * thread, no port — unless configured otherwise.
 */
class JdkToolsDormancyTest {
  private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String PICKED_UP = "Picked up JAVA_TOOL_OPTIONS: ";

  private final Path javaHome = AgentJvm.defaultJavaHome();

  @Test
  void jcmdJpsKeytoolAndJavacRunAsWithoutTheAgentAndTheServiceKeepsItsPort() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    Map<String, String> container = containerEnv(metricsPort);
    try (AgentJvm service = serviceWith(container, appPort)) {
      DemoService.awaitReady(service);
      HttpGet.awaitStatus("http://127.0.0.1:" + metricsPort + "/health", 200, WAIT);
      String pid = String.valueOf(service.pid());

      assertSameAsWithoutTheAgent(container, "jcmd", pid, "VM.version");
      assertSameAsWithoutTheAgent(container, "keytool", "-help");
      assertSameAsWithoutTheAgent(container, "javac", "-version");
      JdkTool.Result jps = JdkTool.run(javaHome, "jps", container, TOOL_TIMEOUT);
      assertThat(jps.exitCode()).as(jps.describe()).isZero();
      assertThat(jps.stdout()).as(jps.describe()).anyMatch(line -> line.startsWith(pid + " "));
      assertThat(jps.stderr()).as(jps.describe()).containsExactly(PICKED_UP + container.get("JAVA_TOOL_OPTIONS"));

      // The service is unaffected: its endpoint and its own traffic still answer, and it is still the one JVM
      // holding the port (no tool took it, none failed on it).
      assertThat(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics", WAIT).body())
          .contains("argus_spans_exported_total");
      assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/owners/1", WAIT).status()).isEqualTo(200);
      assertThat(service.stderrLines()).noneMatch(line -> line.contains("\"level\":\"ERROR\""));
    }
  }

  @Test
  void aRunningJdkToolHasNoAgentThreadAndNoEndpoint() {
    int toolPort = AgentJvm.freePort();
    try (AgentJvm target = idleJvm(); AgentJvm jstat = jstat(containerEnv(toolPort), target.pid())) {
      jstat.awaitStdout(line -> line.trim().startsWith("S0"), WAIT); // its header: the tool is running

      assertThat(agentThreads(jstat.pid())).isEmpty();
      assertNothingListensOn(toolPort);
      assertThat(jstat.stderrLines()).containsExactly(PICKED_UP + "-javaagent:" + AgentJvm.agentJar());
    }
  }

  @Test
  void argusActiveMainsStartsTheAgentInANamedJdkTool() {
    int toolPort = AgentJvm.freePort();
    Map<String, String> env = new HashMap<>(containerEnv(toolPort));
    env.put("ARGUS_ACTIVE_MAINS", "sun.tools.jstat.Jstat");
    // A program started from a module resolves only the modules it requires; the endpoint needs jdk.httpserver.
    env.put("JAVA_TOOL_OPTIONS", env.get("JAVA_TOOL_OPTIONS") + " --add-modules=jdk.httpserver");
    try (AgentJvm target = idleJvm(); AgentJvm jstat = jstat(env, target.pid())) {
      jstat.awaitStderr("\"event\":\"agent_started\"", WAIT);

      assertThat(HttpGet.awaitStatus("http://127.0.0.1:" + toolPort + "/health", 200, WAIT).status()).isEqualTo(200);
      assertThat(agentThreads(jstat.pid())).isNotEmpty();
    }
  }

  @Test
  void argusDormantMainsKeepsTheAgentOutOfANamedApplication() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    Map<String, String> env = new HashMap<>(containerEnv(metricsPort));
    env.put("ARGUS_DORMANT_MAINS", "jdk-tools,io.argus.demo.*");
    try (AgentJvm service = serviceWith(env, appPort)) {
      DemoService.awaitReady(service);

      // premain runs before main: had the agent started, its agent_started line would be there already.
      assertThat(service.stderrLines()).noneMatch(JdkToolsDormancyTest::isArgusOutput);
      assertThat(service.stdoutLines()).noneMatch(JdkToolsDormancyTest::isArgusOutput);
      assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/owners/1", WAIT).status()).isEqualTo(200);
      assertThat(agentThreads(service.pid())).isEmpty();
      assertNothingListensOn(metricsPort);
    }
  }

  /** The environment of every process in the container: the agent for all, the endpoint's port. */
  private static Map<String, String> containerEnv(int metricsPort) {
    return Map.of(
        "JAVA_TOOL_OPTIONS", "-javaagent:" + AgentJvm.agentJar(),
        "ARGUS_METRICS_PORT", String.valueOf(metricsPort));
  }

  private static AgentJvm serviceWith(Map<String, String> env, int appPort) {
    AgentJvm.Builder builder = DemoService.withTraffic(appPort, 0).withoutAgent();
    env.forEach(builder::env);
    return builder.start();
  }

  /** A JVM for jstat to watch, without the agent. */
  private static AgentJvm idleJvm() {
    AgentJvm jvm = AgentJvm.builder().name("idle").withoutAgent()
        .classPathOf(PrintAndExitMain.class)
        .mainClass(PrintAndExitMain.class).args("sleep").start();
    jvm.awaitStdout("sleeping", WAIT);
    return jvm;
  }

  /** {@code jstat -gcutil <pid> 500}: a JDK tool that keeps running (one line every 500 ms) until closed. */
  private AgentJvm jstat(Map<String, String> env, long pid) {
    AgentJvm.Builder builder = AgentJvm.builder().name("jstat").launcher(javaHome.resolve("bin/jstat"))
        .args("-gcutil", String.valueOf(pid), "500");
    env.forEach(builder::env);
    return builder.start();
  }

  private void assertSameAsWithoutTheAgent(Map<String, String> container, String tool, String... args) {
    JdkTool.Result without = JdkTool.run(javaHome, tool, Map.of(), TOOL_TIMEOUT, args);
    JdkTool.Result with = JdkTool.run(javaHome, tool, container, TOOL_TIMEOUT, args);

    assertThat(with.exitCode()).as(with.describe()).isZero().isEqualTo(without.exitCode());
    assertThat(with.stdout()).as(with.describe()).isEqualTo(without.stdout());
    assertThat(with.stderr()).as(with.describe())
        .containsExactlyElementsOf(concat(PICKED_UP + container.get("JAVA_TOOL_OPTIONS"), without.stderr()));
  }

  /** Names of the agent's threads ({@code argus-*}) in a running JVM, from {@code jcmd <pid> Thread.print}. */
  private List<String> agentThreads(long pid) {
    JdkTool.Result dump = JdkTool.run(javaHome, "jcmd", Map.of(), TOOL_TIMEOUT, String.valueOf(pid), "Thread.print");
    assertThat(dump.exitCode()).as(dump.describe()).isZero();
    assertThat(dump.stdout()).as(dump.describe()).anyMatch(line -> line.startsWith("Full thread dump"));
    return dump.stdout().stream().filter(line -> line.startsWith("\"argus-")).toList();
  }

  /** The agent's log lines (JSON, or the launcher's one-liners) and its span lines. */
  private static boolean isArgusOutput(String line) {
    return line.contains("\"logger\":\"argus.") || line.startsWith("[argus]") || line.contains("\"trace_id\":");
  }

  private static void assertNothingListensOn(int port) {
    assertThatThrownBy(() -> {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
        socket.getPort();
      }
    }).as("a connection to 127.0.0.1:" + port).isInstanceOf(ConnectException.class);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
