package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

  @TempDir
  Path dir;

  private ArgusConfig loadFile(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"), yaml);
    return ConfigLoader.load("config=" + file, Map.of(), new Properties());
  }

  private String file() {
    return dir.resolve("argus.yaml").toString();
  }

  @Test
  void everySectionMapsToItsSettings() throws IOException {
    ArgusConfig config = loadFile(String.join("\n",
        "global:",
        "  enabled: true",
        "  service_name: checkout",
        "  resource_attributes:",
        "    deployment.environment: prod",
        "    replicas: 3",
        "  sampler: parentbased_traceidratio",
        "  sampler_arg: 0.1",
        "  propagators: [tracecontext]",
        "  strict_mode: true",
        "  timeout: 3s",
        "  shutdown_timeout: 2s",
        "  queue_capacity: 4096",
        "  batch_size: 256",
        "  export_delay: 500ms",
        "  log_level: warn",
        "  log_target: stdout",
        "otlp:",
        "  enabled: true",
        "  endpoint: https://collector:4318",
        "  protocol: http/protobuf",
        "  headers:",
        "    api-key: abc%20def",
        "  timeout: 5000",
        "  compression: gzip",
        "prometheus:",
        "  enabled: false",
        "  host: 0.0.0.0",
        "  port: 0",
        "logs:",
        "  enabled: false",
        "  target: /tmp/spans.jsonl",
        "instrumentation:",
        "  default_enabled: false",
        "  jdbc:",
        "    enabled: true",
        ""));

    assertThat(config.problems()).isEmpty();
    assertThat(config.enabled()).isTrue();
    assertThat(config.serviceName()).isEqualTo("checkout");
    assertThat(config.resourceAttributes())
        .containsExactly(Map.entry("deployment.environment", "prod"), Map.entry("replicas", "3"));
    assertThat(config.sampler()).isEqualTo("parentbased_traceidratio");
    assertThat(config.samplerArg()).isEqualTo(0.1);
    assertThat(config.propagators()).containsExactly("tracecontext");
    assertThat(config.strict()).isTrue();
    assertThat(config.defaultTimeoutMillis()).isEqualTo(3000);
    assertThat(config.shutdownTimeoutMillis()).isEqualTo(2000);
    assertThat(config.spanQueueCapacity()).isEqualTo(4096);
    assertThat(config.exportBatchSize()).isEqualTo(256);
    assertThat(config.exportDelayMillis()).isEqualTo(500);
    assertThat(config.logLevel()).isEqualTo("warn");
    assertThat(config.logTarget()).isEqualTo("stdout");
    assertThat(config.tracesExporters()).containsExactly("otlp");
    assertThat(config.otlp().endpoint()).isEqualTo("https://collector:4318/v1/traces");
    assertThat(config.otlp().headers()).as("map values are taken literally")
        .containsExactly(Map.entry("api-key", "abc%20def"));
    assertThat(config.otlp().timeoutMillis()).isEqualTo(5000);
    assertThat(config.otlp().compression()).isEqualTo("gzip");
    assertThat(config.prometheusEnabled()).isFalse();
    assertThat(config.metricsHost()).isEqualTo("0.0.0.0");
    assertThat(config.metricsPort()).isZero();
    assertThat(config.spansTarget()).isEqualTo("/tmp/spans.jsonl");
    assertThat(config.isInstrumentationEnabled("jdbc")).isTrue();
    assertThat(config.isInstrumentationEnabled("servlet")).isFalse();
    assertThat(config.settingSources()).containsEntry("argus.metrics.port", "file")
        .containsEntry("otel.instrumentation.jdbc.enabled", "file");
  }

  @Test
  void globalEnabledFalseDisablesTheAgent() throws IOException {
    ArgusConfig config = loadFile("global:\n  enabled: false\n");

    assertThat(config.enabled()).isFalse();
    assertThat(config.effectiveSettings()).containsEntry("otel.sdk.disabled", "true");
  }

  @Test
  void envOverridesTheFileForTheInvertedSwitch() throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"), "global:\n  enabled: false\n");

    ArgusConfig config = ConfigLoader.load("config=" + file, Map.of("OTEL_SDK_DISABLED", "false"), new Properties());

    assertThat(config.enabled()).isTrue();
  }

  @Test
  void stringFormsOfMapsAreAcceptedAndPercentDecoded() throws IOException {
    ArgusConfig config = loadFile(
        "global:\n  resource_attributes: \"team=core,note=a%2Cb\"\n  propagators: tracecontext,baggage\n"
            + "otlp:\n  headers: \"x-token=t%3D1\"\n");

    assertThat(config.problems()).isEmpty();
    assertThat(config.resourceAttributes()).containsExactly(Map.entry("team", "core"), Map.entry("note", "a,b"));
    assertThat(config.otlp().headers()).containsExactly(Map.entry("x-token", "t=1"));
    assertThat(config.propagators()).containsExactly("tracecontext", "baggage");
  }

  @Test
  void unknownKeyNamesTheKeyAndListsTheValidKeysOfItsSection() throws IOException {
    ArgusConfig config = loadFile("prometheus:\n  prot: 9000\n  port: 9001\n");

    assertThat(config.metricsPort()).isEqualTo(9001);
    assertThat(config.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("prometheus.prot");
      assertThat(problem.value()).isEqualTo("9000");
      // The list grows with every setting added to the section; it is sorted, so check its shape and members.
      assertThat(problem.message())
          .startsWith("unknown setting 'prometheus.prot' (file " + file() + "): valid keys in section 'prometheus' are ")
          .contains("enabled, host, ", "port")
          .endsWith("; ignored");
    });
  }

  @Test
  void unknownSectionListsTheValidSections() throws IOException {
    ArgusConfig config = loadFile("promethus:\n  port: 9000\n");

    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.problems()).singleElement().extracting(ConfigProblem::message).asString()
        .startsWith("unknown setting 'promethus' (file " + file() + "): valid sections are ")
        .contains("global, ", "instrumentation, ", "logs, otlp, prometheus")
        .endsWith("; ignored");
  }

  @Test
  void sectionThatIsNotAMapIsAProblem() throws IOException {
    ArgusConfig config = loadFile("logs: false\nprometheus:\n  port: 9002\n");

    assertThat(config.metricsPort()).isEqualTo(9002);
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "unknown setting 'logs' (file " + file() + "): a section must be a map of settings, not a single value; "
            + "ignored");
  }

  @Test
  void badValueInFileNamesTheYamlPath() throws IOException {
    ArgusConfig config = loadFile("prometheus:\n  port: 70000\n");

    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value '70000' for argus.metrics.port (file " + file() + ": prometheus.port): "
            + "expected an integer 0-65535; using default 9464");
  }

  @Test
  void blankHostInFileIsAProblem() throws IOException {
    ArgusConfig config = loadFile("prometheus:\n  host: \"\"\n");

    assertThat(config.metricsHost()).isEqualTo("127.0.0.1");
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value '' for argus.metrics.host (file " + file() + ": prometheus.host): the host is blank; "
            + "expected a host name or IP address; using default 127.0.0.1");
  }

  @Test
  void mapWhereASingleValueIsExpectedIsAProblem() throws IOException {
    ArgusConfig config = loadFile("prometheus:\n  port:\n    number: 1\n");

    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value 'number=1' for argus.metrics.port (file " + file() + ": prometheus.port): "
            + "expected a single value, not a YAML map; an integer 0-65535; using default 9464");
  }

  @Test
  void keyWithoutValueMeansNotSet() throws IOException {
    ArgusConfig config = loadFile("prometheus:\n  port:\nlogs:\n");

    assertThat(config.problems()).isEmpty();
    assertThat(config.metricsPort()).isEqualTo(9464);
  }

  @Test
  void missingFileIsOneProblemAndEverythingElseStillLoads() {
    String missing = dir.resolve("nope.yaml").toString();

    ArgusConfig config = ConfigLoader.load(null, Map.of("ARGUS_CONFIG_FILE", missing, "ARGUS_METRICS_PORT", "9100"),
        new Properties());

    assertThat(config.metricsPort()).isEqualTo(9100);
    assertThat(config.configFile()).isEqualTo(missing);
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "cannot use config file '" + missing + "' (env ARGUS_CONFIG_FILE): file not found; continuing without it");
    assertThat(config.problems().get(0).key()).isEqualTo("argus.config.file");
  }

  @Test
  void aDirectoryIsOneProblemThatSaysSo() {
    // A directory cannot be read as a file on any platform (unlike chmod, which root ignores).
    ArgusConfig config = ConfigLoader.load("config=" + dir, Map.of(), new Properties());

    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "cannot use config file '" + dir + "' (agent argument): it is a directory, not a file; continuing without it");
  }

  @Test
  void aFileThatFailsToReadIsOneProblemWithTheCause() {
    // Reading a process's memory from address 0 fails with EIO, for root too (chmod 000 does not stop root).
    Path unreadable = Path.of("/proc/self/mem");
    Assumptions.assumeTrue(Files.exists(unreadable), "needs Linux /proc");

    ArgusConfig config = ConfigLoader.load("config=" + unreadable, Map.of(), new Properties());

    assertThat(config.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
        .startsWith("cannot use config file '" + unreadable + "' (agent argument): cannot read it: IOException: ")
        .endsWith("; continuing without it"));
  }

  @Test
  void malformedYamlIsOneProblemOnOneLine() throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"), "prometheus:\n  port: [9000\n  host: x\n");
    Properties system = new Properties();
    system.setProperty("argus.config.file", file.toString());
    system.setProperty("argus.log.level", "debug");

    ArgusConfig config = ConfigLoader.load(null, Map.of(), system);

    assertThat(config.logLevel()).isEqualTo("debug");
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.message())
          .startsWith("cannot use config file '" + file + "' (system property argus.config.file): malformed YAML: ")
          .endsWith("; continuing without it")
          .doesNotContain("\n");
      assertThat(problem.source()).isEqualTo("system property argus.config.file");
    });
  }

  @Test
  void duplicateKeysAreMalformed() throws IOException {
    ArgusConfig config = loadFile("prometheus:\n  port: 1\n  port: 2\n");

    assertThat(config.problems()).singleElement()
        .satisfies(problem -> assertThat(problem.message()).contains("malformed YAML"));
  }

  @Test
  void topLevelThatIsNotAMapIsOneProblem() throws IOException {
    ArgusConfig config = loadFile("- just\n- a list\n");

    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "cannot use config file '" + file() + "' (agent argument): expected sections (global, otlp, prometheus, "
            + "logs, instrumentation) at the top level; continuing without it");
  }

  @Test
  void emptyFileConfiguresNothing() throws IOException {
    ArgusConfig config = loadFile("# nothing yet\n");

    assertThat(config.problems()).isEmpty();
    assertThat(config.configFile()).isEqualTo(file());
  }

  @Test
  void instrumentationSectionProblems() throws IOException {
    ArgusConfig config = loadFile("instrumentation:\n  jdbc: false\n  servlet:\n    enable: false\n");

    assertThat(config.isInstrumentationEnabled("jdbc")).isTrue();
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "unknown setting 'instrumentation.jdbc' (file " + file() + "): valid keys in section 'instrumentation' are "
            + "default_enabled and <name>.enabled, e.g. 'jdbc: {enabled: false}'; ignored",
        "unknown setting 'instrumentation.servlet.enable' (file " + file() + "): valid keys in section "
            + "'instrumentation.servlet' are enabled; ignored");
  }
}
