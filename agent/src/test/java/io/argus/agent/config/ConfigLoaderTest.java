package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final Properties system = new Properties();

  private ArgusConfig load(String agentArgs) {
    return ConfigLoader.load(agentArgs, env, system);
  }

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("argus.yaml"), yaml);
  }

  @Test
  void defaultsWithNothingSet() {
    ArgusConfig config = load(null);

    assertThat(config.problems()).isEmpty();
    assertThat(config.enabled()).isTrue();
    assertThat(config.strict()).isFalse();
    assertThat(config.serviceName()).isNull();
    assertThat(config.resourceAttributes()).isEmpty();
    assertThat(config.tracesExporters()).containsExactly("console");
    assertThat(config.otlp().endpoint()).isEqualTo("http://localhost:4318/v1/traces");
    assertThat(config.otlp().protocol()).isEqualTo("http/protobuf");
    assertThat(config.otlp().headers()).isEmpty();
    assertThat(config.otlp().timeoutMillis()).isEqualTo(10000);
    assertThat(config.otlp().compression()).isEqualTo("none");
    assertThat(config.sampler()).isEqualTo("parentbased_always_on");
    assertThat(config.samplerArg()).isEqualTo(1.0);
    assertThat(config.propagators()).containsExactly("tracecontext", "baggage");
    assertThat(config.isInstrumentationEnabled("jdbc")).isTrue();
    assertThat(config.prometheusEnabled()).isTrue();
    assertThat(config.metricsHost()).isEqualTo("127.0.0.1");
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.spanQueueCapacity()).isEqualTo(2048);
    assertThat(config.exportBatchSize()).isEqualTo(512);
    assertThat(config.exportDelayMillis()).isEqualTo(1000);
    assertThat(config.shutdownTimeoutMillis()).isEqualTo(5000);
    assertThat(config.defaultTimeoutMillis()).isEqualTo(10000);
    assertThat(config.spansTarget()).isEqualTo("stdout");
    assertThat(config.logLevel()).isEqualTo("info");
    assertThat(config.logTarget()).isEqualTo("stderr");
    assertThat(config.configFile()).isNull();
    assertThat(config.settingSources()).allSatisfy((key, source) -> assertThat(source).isEqualTo("default"));
    assertThat(ArgusConfig.defaults().effectiveSettings()).isEqualTo(config.effectiveSettings());
  }

  @Test
  void nullInputsAreTreatedAsEmpty() {
    ArgusConfig config = ConfigLoader.load(null, null, null);

    assertThat(config.problems()).isEmpty();
    assertThat(config.metricsPort()).isEqualTo(9464);
  }

  @Test
  void precedenceIsFileThenAgentArgumentThenEnvThenSystemProperty() throws IOException {
    Path yaml = file("prometheus:\n  port: 1001\n  host: file-host\nglobal:\n  batch_size: 11\n  log_level: debug\n");
    String args = "config=" + yaml + ",argus.metrics.port=1002,argus.metrics.host=arg-host,argus.export.batch.size=12";
    env.put("ARGUS_METRICS_PORT", "1003");
    env.put("ARGUS_METRICS_HOST", "env-host");
    system.setProperty("argus.metrics.port", "1004");

    ArgusConfig config = load(args);

    assertThat(config.problems()).isEmpty();
    assertThat(config.metricsPort()).isEqualTo(1004);
    assertThat(config.metricsHost()).isEqualTo("env-host");
    assertThat(config.exportBatchSize()).isEqualTo(12);
    assertThat(config.logLevel()).isEqualTo("debug");
    assertThat(config.settingSources())
        .containsEntry("argus.metrics.port", "system property")
        .containsEntry("argus.metrics.host", "env")
        .containsEntry("argus.export.batch.size", "agent argument")
        .containsEntry("argus.log.level", "file")
        .containsEntry("argus.log.target", "default")
        .containsEntry("argus.config.file", "agent argument");
  }

  @Test
  void invalidValueFallsBackToTheNextLowerValidSource() throws IOException {
    env.put("ARGUS_CONFIG_FILE", file("prometheus:\n  port: 9000\n").toString());
    env.put("ARGUS_METRICS_PORT", "abc");

    ArgusConfig config = load(null);

    assertThat(config.metricsPort()).isEqualTo(9000);
    assertThat(config.settingSources()).containsEntry("argus.metrics.port", "file");
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value 'abc' for argus.metrics.port (env ARGUS_METRICS_PORT): expected an integer 0-65535; "
            + "using 9000 from file " + dir.resolve("argus.yaml") + ": prometheus.port");
  }

  @Test
  void invalidLowerValueIsReportedEvenWhenOverridden() throws IOException {
    env.put("ARGUS_CONFIG_FILE", file("prometheus:\n  port: lots\n").toString());
    system.setProperty("argus.metrics.port", "9100");

    ArgusConfig config = load(null);

    assertThat(config.metricsPort()).isEqualTo(9100);
    assertThat(config.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("argus.metrics.port");
      assertThat(problem.value()).isEqualTo("lots");
      assertThat(problem.source()).isEqualTo("file " + dir.resolve("argus.yaml") + ": prometheus.port");
      assertThat(problem.message()).endsWith("using 9100 from system property argus.metrics.port");
    });
  }

  @Test
  void problemReadsAsOneLineWithValueSourceAllowedValuesAndDefault() {
    env.put("ARGUS_METRICS_PORT", "abc");

    ConfigProblem problem = load(null).problems().get(0);

    assertThat(problem.toString()).isEqualTo(
        "invalid value 'abc' for argus.metrics.port (env ARGUS_METRICS_PORT): expected an integer 0-65535; "
            + "using default 9464");
    assertThat(problem.message()).isEqualTo(problem.toString());
    assertThat(problem.key()).isEqualTo("argus.metrics.port");
    assertThat(problem.value()).isEqualTo("abc");
    assertThat(problem.source()).isEqualTo("env ARGUS_METRICS_PORT");
  }

  @Test
  void configFilePathFromAgentArgumentBeatsSystemPropertyWhichBeatsEnv() throws IOException {
    Path fromArg = Files.writeString(dir.resolve("arg.yaml"), "prometheus:\n  port: 1\n");
    Path fromSys = Files.writeString(dir.resolve("sys.yaml"), "prometheus:\n  port: 2\n");
    Path fromEnv = Files.writeString(dir.resolve("env.yaml"), "prometheus:\n  port: 3\n");
    env.put("ARGUS_CONFIG_FILE", fromEnv.toString());
    assertThat(load(null).metricsPort()).isEqualTo(3);

    system.setProperty("argus.config.file", fromSys.toString());
    assertThat(load(null).metricsPort()).isEqualTo(2);
    assertThat(load(null).configFile()).isEqualTo(fromSys.toString());
    assertThat(load(null).settingSources()).containsEntry("argus.config.file", "system property");

    ArgusConfig config = load("config=" + fromArg);
    assertThat(config.metricsPort()).isEqualTo(1);
    assertThat(config.configFile()).isEqualTo(fromArg.toString());
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void agentArgumentAcceptsListValuesWithCommas() {
    ArgusConfig config = load("otel.traces.exporter=console,otlp,otel.resource.attributes=team=core,tier=web,"
        + "argus.metrics.port=1234,otel.propagators=tracecontext,baggage");

    assertThat(config.problems()).isEmpty();
    assertThat(config.tracesExporters()).containsExactly("console", "otlp");
    assertThat(config.resourceAttributes()).containsExactly(Map.entry("team", "core"), Map.entry("tier", "web"));
    assertThat(config.metricsPort()).isEqualTo(1234);
    assertThat(config.propagators()).containsExactly("tracecontext", "baggage");
  }

  @Test
  void agentArgumentWithUnknownKeyOrWithoutEqualsIsAProblem() {
    ArgusConfig config = load("argus.metrics.prot=1,loose,argus.metrics.port=1235");

    assertThat(config.metricsPort()).isEqualTo(1235);
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "unknown setting 'argus.metrics.prot' (agent argument): the agent argument takes config=<file> and setting "
            + "names such as argus.metrics.port (did you mean argus.metrics.port?); ignored",
        "malformed agent argument 'loose': expected key=value pairs separated by ','; ignored");
  }

  @Test
  void agentArgumentRanksBelowEnv() {
    env.put("OTEL_TRACES_SAMPLER", "always_off");

    ArgusConfig config = load("otel.traces.sampler=always_on,otel.traces.sampler.arg=0.25");

    assertThat(config.sampler()).isEqualTo("always_off");
    assertThat(config.samplerArg()).isEqualTo(0.25);
    assertThat(config.settingSources()).containsEntry("otel.traces.sampler.arg", "agent argument");
  }

  @Test
  void unknownArgusEnvVarAndSystemPropertyAreProblemsButUnknownOtelOnesAreIgnored() {
    env.put("ARGUS_METRIC_PORT", "1");
    env.put("OTEL_METRICS_EXPORTER", "prometheus");
    env.put("PATH", "/usr/bin");
    system.setProperty("argus.strict.mode", "true");
    system.setProperty("otel.logs.exporter", "none");
    system.setProperty("java.version", "17");

    ArgusConfig config = load(null);

    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
        "unknown setting 'ARGUS_METRIC_PORT' (env): not an Argus setting (did you mean ARGUS_METRICS_PORT?); ignored",
        "unknown setting 'argus.strict.mode' (system property): not an Argus setting; ignored");
  }

  @Test
  void theTestOnlyFaultInjectionPropertyIsNotReportedAsUnknown() {
    system.setProperty("argus.test.fault.injection", "jdbc.enter");

    assertThat(load(null).problems()).isEmpty();
  }

  @Test
  void configFileSettingsAreKnownNames() {
    env.put("ARGUS_CONFIG_FILE", "");
    system.setProperty("argus.config.file", "");

    ArgusConfig config = load(null);

    assertThat(config.problems()).isEmpty();
    assertThat(config.configFile()).isNull();
  }

  @Test
  void emptyValuesCountAsNotSet() {
    env.put("OTEL_TRACES_SAMPLER", "");
    system.setProperty("argus.metrics.port", "");

    ArgusConfig config = load("argus.log.level=");

    assertThat(config.problems()).isEmpty();
    assertThat(config.sampler()).isEqualTo("parentbased_always_on");
    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.logLevel()).isEqualTo("info");
  }

  @Test
  void eitherSwitchDisablesTheAgent() {
    assertThat(load(null).enabled()).isTrue();

    env.put("OTEL_SDK_DISABLED", "true");
    assertThat(load(null).enabled()).isFalse();

    env.clear();
    system.setProperty("argus.enabled", "FALSE");
    assertThat(load(null).enabled()).isFalse();
  }

  @Test
  void booleansAreCaseInsensitive() {
    env.put("ARGUS_STRICT", "TRUE");
    env.put("ARGUS_PROMETHEUS_ENABLED", "False");

    ArgusConfig config = load(null);

    assertThat(config.strict()).isTrue();
    assertThat(config.prometheusEnabled()).isFalse();
  }

  @Test
  void serviceNameComesFromResourceAttributesWhenNotSetItself() {
    env.put("OTEL_RESOURCE_ATTRIBUTES", "service.name=checkout,deployment.environment=prod%20eu");

    ArgusConfig config = load(null);

    assertThat(config.serviceName()).isEqualTo("checkout");
    assertThat(config.resourceAttributes()).containsEntry("deployment.environment", "prod eu");
    assertThat(config.effectiveSettings()).containsEntry("otel.service.name", "checkout");
    assertThat(config.settingSources()).containsEntry("otel.service.name", "env");

    env.put("OTEL_SERVICE_NAME", "cart");
    assertThat(load(null).serviceName()).isEqualTo("cart");
  }

  @Test
  void durationsAcceptPlainMillisAndUnits() {
    env.put("ARGUS_TIMEOUT", "2s");
    env.put("ARGUS_SHUTDOWN_TIMEOUT", "1m");
    env.put("ARGUS_EXPORT_DELAY", "250");

    ArgusConfig config = load(null);

    assertThat(config.defaultTimeoutMillis()).isEqualTo(2000);
    assertThat(config.shutdownTimeoutMillis()).isEqualTo(60000);
    assertThat(config.exportDelayMillis()).isEqualTo(250);
    assertThat(config.otlp().timeoutMillis()).as("argus.timeout is the OTLP default").isEqualTo(2000);
  }

  @Test
  void outputTargetsAreKeywordsOrPaths() {
    env.put("ARGUS_LOGS_TARGET", "STDERR");
    env.put("ARGUS_LOG_TARGET", "/var/log/argus.log");

    ArgusConfig config = load(null);

    assertThat(config.spansTarget()).isEqualTo("stderr");
    assertThat(config.logTarget()).isEqualTo("/var/log/argus.log");
  }

  @Test
  void effectiveSettingsListEveryKeySorted() {
    ArgusConfig config = load(null);

    assertThat(new java.util.ArrayList<>(config.effectiveSettings().keySet())).isSorted();
    for (Setting setting : Setting.ALL) {
      assertThat(config.effectiveSettings()).containsKey(setting.key);
      assertThat(config.settingSources()).containsKey(setting.key);
    }
    assertThat(config.effectiveSettings())
        .containsEntry("argus.config.file", "")
        .containsEntry("argus.metrics.port", "9464")
        .containsEntry("otel.traces.exporter", "console")
        .containsEntry("otel.propagators", "tracecontext,baggage")
        .containsEntry("otel.exporter.otlp.traces.endpoint", "http://localhost:4318/v1/traces")
        .containsEntry("otel.exporter.otlp.traces.timeout", "10000");
  }

  @Test
  void resultIsImmutable() {
    ArgusConfig config = load(null);

    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> config.effectiveSettings().put("x", "y"));
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> config.tracesExporters().add("otlp"));
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
        () -> config.problems().clear());
  }

  @Test
  void neverThrowsEvenOnOddInput() {
    env.put(null, "x");
    env.put("ARGUS_METRICS_PORT", null);
    system.put("argus.metrics.port", 42); // not a String: Properties.stringPropertyNames skips it

    ArgusConfig config = load(",,=,==,config=,otel.traces.exporter=");

    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.problems()).extracting(ConfigProblem::message)
        .containsExactly("malformed agent argument '=': expected key=value pairs separated by ','; ignored",
            "malformed agent argument '==': expected key=value pairs separated by ','; ignored");
  }

  @Test
  void aFailureInsideTheLoaderBecomesAProblemAndTheDefaultsApply() {
    Map<String, String> broken = new java.util.AbstractMap<>() {
      @Override
      public java.util.Set<Map.Entry<String, String>> entrySet() {
        throw new IllegalStateException("environment unavailable");
      }
    };

    ArgusConfig config = ConfigLoader.load("argus.metrics.port=1", broken, system);

    assertThat(config.metricsPort()).isEqualTo(9464);
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "internal error while loading the configuration: java.lang.IllegalStateException: environment unavailable; "
            + "using the defaults");
  }
}
