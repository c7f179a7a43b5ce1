package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.tools.attach.VirtualMachine;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.SmokeApps;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The jar's Agent-Class: Argus attached to a JVM that is already running starts and traces. */
class AttachAtRuntimeTest {
  @Test
  void attachingToARunningJvmStartsTheAgentAndItTraces() throws Exception {
    try (AgentJvm target =
        AgentJvm.builder()
            .name("attach-target")
            .withoutAgent()
            .classPath(SmokeApps.classPath("demo-service"))
            .mainClass("io.argus.demo.AttachTarget")
            .jvmArgs("-Dargus.metrics.port=0")
            .start()) {
      target.awaitStdout("ATTACH TARGET READY", Duration.ofSeconds(30));

      VirtualMachine vm = VirtualMachine.attach(String.valueOf(target.pid()));
      try {
        vm.loadAgent(AgentJvm.agentJar().toString());
      } finally {
        vm.detach();
      }

      target.awaitStdout("TRACED AFTER ATTACH", Duration.ofSeconds(30));
      String line = target.awaitStdout(l -> l.contains("\"name\":\"after-attach\""), Duration.ofSeconds(30));
      assertThat(line).contains("\"kind\":\"INTERNAL\"", "\"service.name\":\"AttachTarget\"");
      assertThat(target.stderrLines()).anySatisfy(l -> assertThat(l).contains("\"mode\":\"attach\""));
    }
  }
}
