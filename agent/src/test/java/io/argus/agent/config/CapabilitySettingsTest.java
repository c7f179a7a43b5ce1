package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** argus.capabilities and argus.metrics.prefix from every source, and one problem line per malformed rule. */
class CapabilitySettingsTest {
  @TempDir
  Path dir;

  private static ArgusConfig fromEnv(String name, String value) {
    return ConfigLoader.load(null, Map.of(name, value), new Properties());
  }

  @Test
  void rulesFromTheEnvironmentAreSplitOutsideBracketsAndAMalformedOneIsReportedInOneLineAndSkipped() {
    ArgusConfig config = fromEnv("ARGUS_CAPABILITIES",
        "com.acme.ResearchAgent[research,plan],com.acme.Broken[run;com.acme.Agent+[execute] agent=field:name");

    List<String> rules = config.value("argus.capabilities");
    assertThat(rules).containsExactly("com.acme.ResearchAgent[research,plan]", "com.acme.Agent+[execute] agent=field:name");
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value 'com.acme.Broken[run' for argus.capabilities (env ARGUS_CAPABILITIES): missing ']' after the "
            + "method list; expected a rule such as com.acme.agents.ResearchAgent[research,plan]; skipped");
  }

  @Test
  void rulesInTheAgentArgumentKeepTheCommasOfTheirMethodLists() {
    ArgusConfig config = ConfigLoader.load(
        "argus.capabilities=com.acme.A[a,b],com.acme.B[c],argus.metrics.port=0", Map.of(), new Properties());

    List<String> rules = config.value("argus.capabilities");
    assertThat(rules).containsExactly("com.acme.A[a,b]", "com.acme.B[c]");
    assertThat(config.metricsPort()).isZero();
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void rulesInTheFileAreAYamlListAndShowUpInTheEffectiveSettings() throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"),
        "capabilities:\n  rules:\n    - com.acme.A[a,b]\n    - \"com.acme.*Agent[*] agent=bots\"\n    - nope\n"
            + "  value_max_length: 64\n"
            + "prometheus:\n  metric_prefix: dawsos_\n");

    ArgusConfig config = ConfigLoader.load("config=" + file, Map.of(), new Properties());

    List<String> rules = config.value("argus.capabilities");
    assertThat(rules).containsExactly("com.acme.A[a,b]", "com.acme.*Agent[*] agent=bots");
    assertThat(config.<Integer>value("argus.capabilities.value.max.length")).isEqualTo(64);
    assertThat(config.<String>value("argus.metrics.prefix")).isEqualTo("dawsos_");
    assertThat(config.effectiveSettings()).containsEntry("argus.capabilities", "com.acme.A[a,b],com.acme.*Agent[*] agent=bots");
    assertThat(config.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
        .startsWith("invalid value 'nope' for argus.capabilities (file " + file + ": capabilities.rules): "
            + "missing '[methods]' after the class name"));
  }

  @Test
  void withNothingSetThereAreNoRulesAndNoPrefix() {
    ArgusConfig config = ArgusConfig.defaults();

    assertThat(config.<List<String>>value("argus.capabilities")).isEmpty();
    assertThat(config.<String>value("argus.metrics.prefix")).isEmpty();
    assertThat(config.<Integer>value("argus.capabilities.value.max.length")).isEqualTo(256);
  }

  @Test
  void aMetricPrefixMustStartAPrometheusName() {
    ArgusConfig config = fromEnv("ARGUS_METRICS_PREFIX", "9-lives");

    assertThat(config.<String>value("argus.metrics.prefix")).isEmpty();
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value '9-lives' for argus.metrics.prefix (env ARGUS_METRICS_PREFIX): expected the start of a "
            + "Prometheus metric name: a letter, '_' or ':' then letters, digits, '_' or ':' (e.g. dawsos_); "
            + "using default (empty)");
  }

  @Test
  void strictModeTurnsAMalformedRuleIntoAProblemLikeAnyOther() {
    ArgusConfig config = ConfigLoader.load(null,
        Map.of("ARGUS_STRICT", "true", "ARGUS_CAPABILITIES", "com.acme.A[]"), new Properties());

    assertThat(config.strict()).isTrue();
    assertThat(config.problems()).hasSize(1);
  }
}
