package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** Capabilities from the environment and system properties: exact counts without sampling, prefix, bad rules. */
class CapabilityConfigurationTest {

  @Test
  void countsAreExactWhenNoSpanIsSampledAndTheMetricNamesTakeThePrefix() throws InterruptedException {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      CapabilityService.Launch launch = CapabilityService.launch();
      launch.builder()
          .env("ARGUS_CAPABILITIES", "com.acme.agents.ResearchAgent[research,plan];com.acme.agents.Agent+[execute]")
          .env("ARGUS_METRICS_PREFIX", "dawsos_")
          .env("OTEL_TRACES_SAMPLER", "always_off")
          .env("OTEL_TRACES_EXPORTER", "otlp")
          .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
      CapabilityService app = launch.start();
      try (AgentJvm ignored = app.jvm()) {
        assertThat(app.get("/repeat?n=25").body()).isEqualTo("researched 25 times\n");
        assertThat(app.get("/research?q=x").body()).isEqualTo("findings on x\n");
        app.get("/plan?goal=");
        for (int i = 0; i < 3; i++) {
          app.get("/execute?task=t" + i);
        }

        PrometheusText metrics = PrometheusText.parse(app.metricsText());
        assertThat(metrics.value("dawsos_agent_capability_calls_total",
            "agent_name", "ResearchAgent", "capability", "research", "status", "ok")).isEqualTo(26);
        assertThat(metrics.value("dawsos_agent_capability_calls_total",
            "agent_name", "ResearchAgent", "capability", "plan", "status", "error")).isEqualTo(1);
        assertThat(metrics.value("dawsos_agent_capability_calls_total",
            "agent_name", "PlannerAgent", "capability", "execute", "status", "ok")).isEqualTo(3);
        assertThat(metrics.value("dawsos_agent_capability_duration_seconds_count",
            "agent_name", "ResearchAgent", "capability", "research")).isEqualTo(26);
        assertThat(metrics.names()).noneMatch(name -> name.startsWith("agent_capability"));

        Thread.sleep(1_000); // several export intervals: nothing sampled, so nothing may arrive
        assertThat(receiver.store().spans()).isEmpty();
      }
    }
  }

  @Test
  void aMalformedRuleIsOneErrorLineAndARuleThatMatchedNothingIsReportedOnStatus() {
    CapabilityService.Launch launch = CapabilityService.launch();
    launch.builder()
        .systemProperty("argus.capabilities",
            "com.acme.agents.ResearchAgent[research];com.acme.agents.PricingAgent[buildPricingPack;"
                + "com.acme.agents.Missing[run];com.acme.agents.PlannerAgent[typo]");
    CapabilityService app = launch.start();
    try (AgentJvm jvm = app.jvm()) {
      assertThat(app.get("/research?q=x").body()).isEqualTo("findings on x\n");

      String expected = "invalid value 'com.acme.agents.PricingAgent[buildPricingPack' for argus.capabilities "
          + "(system property argus.capabilities): missing ']' after the method list; "
          + "expected a rule such as com.acme.agents.ResearchAgent[research,plan]; skipped";
      List<JsonNode> errors = Json.objectLines(jvm.stderrLines()).stream()
          .filter(line -> line.path("event").asText().equals("config_invalid")).toList();
      assertThat(errors).singleElement().satisfies(line ->
          assertThat(line.path("problem").asText()).isEqualTo(expected));

      JsonNode status = Json.parseObject(app.statusJson());
      assertThat(status.at("/config/problems/0").asText()).isEqualTo(expected);
      JsonNode capabilities = status.at("/instrumentations/status/capabilities");
      assertThat(texts(capabilities.path("unmatched_rules"))).containsExactly(
          "com.acme.agents.Missing[run]: no class matched",
          "com.acme.agents.PlannerAgent[typo]: classes matched, but no method did");
      assertThat(capabilities.at("/rules/0/rule").asText()).isEqualTo("com.acme.agents.ResearchAgent[research]");
      assertThat(capabilities.at("/rules/0/instrumented_methods").asLong()).isEqualTo(1);

      PrometheusText metrics = PrometheusText.parse(app.metricsText());
      assertThat(metrics.value("agent_capability_calls_total",
          "agent_name", "ResearchAgent", "capability", "research", "status", "ok")).isEqualTo(1);
    }
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }
}
