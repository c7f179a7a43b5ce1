package io.argus.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentJvmTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void launchesWithoutTheAgentAndCapturesOutputAndExitCode() {
    try (AgentJvm jvm = AgentJvm.builder()
        .mainClass(PrintAndExitMain.class)
        .classPathOf(PrintAndExitMain.class)
        .withoutAgent()
        .jvmArgs("-Xmx64m")
        .systemProperty("argus.selftest.property", "p1")
        .env("ARGUS_SELFTEST_ENV", "e1")
        .args("a", "b")
        .start()) {
      assertThat(jvm.command()).noneMatch(arg -> arg.startsWith("-javaagent"));
      assertThat(jvm.awaitStdout("hello from the child JVM", WAIT)).isEqualTo("hello from the child JVM");
      assertThat(jvm.waitForExit(WAIT)).isEqualTo(3);
      assertThat(jvm.stdoutLines()).contains("property=p1", "env=e1", "args=a,b", "agent=false");
      assertThat(jvm.awaitStderr(line -> line.startsWith("a line"), WAIT)).isEqualTo("a line on stderr");
      assertThat(jvm.stderrLines()).containsExactly("a line on stderr");

      assertThatThrownBy(() -> jvm.awaitStdout("never printed", WAIT))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("before it ended")
          .hasMessageContaining("exited with code 3")
          .hasMessageContaining("hello from the child JVM")
          .hasMessageContaining("a line on stderr");
    }
  }

  @Test
  void javaHomeCanBeOverridden() {
    java.nio.file.Path jdk25 = java.nio.file.Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(jdk25.resolve("bin/java")),
        "no JDK 25 at " + jdk25);
    try (AgentJvm jvm = AgentJvm.builder()
        .mainClass(PrintAndExitMain.class)
        .classPathOf(PrintAndExitMain.class)
        .withoutAgent()
        .javaHome(jdk25)
        .jvmArgs("-XshowSettings:properties")
        .start()) {
      assertThat(jvm.command().get(0)).isEqualTo(jdk25.resolve("bin/java").toString());
      assertThat(jvm.waitForExit(WAIT)).isEqualTo(3);
      assertThat(jvm.stderrLines()).anyMatch(line -> line.strip().startsWith("java.specification.version = 25"));
    }
  }

  @Test
  void closeEndsARunningProcess() {
    AgentJvm jvm = AgentJvm.builder()
        .mainClass(PrintAndExitMain.class)
        .classPathOf(PrintAndExitMain.class)
        .withoutAgent()
        .args("sleep")
        .name("sleeper")
        .start();
    try (jvm) {
      jvm.awaitStdout("sleeping", WAIT);
      assertThatThrownBy(() -> jvm.waitForExit(Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("did not exit");
      assertThatThrownBy(() -> jvm.awaitStdout("never", Duration.ofMillis(200)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("still running");
    }
    assertThat(jvm.isAlive()).isFalse();
  }

  @Test
  void agentCommandLineUsesTheConfiguredJarAndArgs() {
    AgentJvm.Builder builder = AgentJvm.builder()
        .mainClass("com.example.Main")
        .agentJar(java.nio.file.Path.of("/opt/argus/argus-agent.jar"))
        .agentArgs("a=1,b=2")
        .jvmArgs("-Xmx32m")
        .systemProperty("k", "v")
        .classPath("x.jar", "lib/*");
    assertThat(builder.command()).containsSubsequence(
        "-javaagent:/opt/argus/argus-agent.jar=a=1,b=2", "-Xmx32m", "-Dk=v", "-cp", "x.jar:lib/*", "com.example.Main");
    assertThat(builder.command().get(0)).endsWith("/bin/java");
  }

  @Test
  void aLauncherIsRunWithItsArgumentsOnlyAndRefusesJvmOptions() {
    java.nio.file.Path catalina = java.nio.file.Path.of("/usr/share/tomcat10/bin/catalina.sh");
    assertThat(AgentJvm.builder().launcher(catalina).args("run").command())
        .containsExactly(catalina.toString(), "run");
    assertThatThrownBy(() -> AgentJvm.builder().launcher(catalina).jvmArgs("-Xmx32m").command())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("CATALINA_OPTS");
  }

  @Test
  void freePortIsOnLoopbackAndUsable() throws Exception {
    int port = AgentJvm.freePort();
    assertThat(port).isBetween(1, 65535);
    try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(port);
    }
  }
}
