package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad value gives exactly one problem with the documented message, and the setting keeps its default. */
class ConfigValidationTest {

  private static final String DURATION = "such as 500ms, 10s or 1m (a plain number means milliseconds)";

  static Stream<Arguments> badEnvValues() {
    return Stream.of(
        // env var, value, key, expected message after "(env NAME): ", value in effect
        Arguments.of("ARGUS_METRICS_PORT", "abc", "argus.metrics.port",
            "expected an integer 0-65535; using default 9464", "9464"),
        Arguments.of("ARGUS_METRICS_PORT", "65536", "argus.metrics.port",
            "expected an integer 0-65535; using default 9464", "9464"),
        Arguments.of("ARGUS_METRICS_PORT", "-1", "argus.metrics.port",
            "expected an integer 0-65535; using default 9464", "9464"),
        Arguments.of("ARGUS_SPAN_QUEUE_CAPACITY", "8", "argus.span.queue.capacity",
            "expected an integer 16-1048576; using default 2048", "2048"),
        Arguments.of("ARGUS_EXPORT_BATCH_SIZE", "0", "argus.export.batch.size",
            "expected an integer 1-8192; using default 512", "512"),
        Arguments.of("ARGUS_EXPORT_BATCH_SIZE", "8193", "argus.export.batch.size",
            "expected an integer 1-8192; using default 512", "512"),
        Arguments.of("ARGUS_EXPORT_DELAY", "0", "argus.export.delay",
            "expected a duration between 1ms and 60000ms " + DURATION + "; using default 1000", "1000"),
        Arguments.of("ARGUS_EXPORT_DELAY", "2m", "argus.export.delay",
            "expected a duration between 1ms and 60000ms " + DURATION + "; using default 1000", "1000"),
        Arguments.of("ARGUS_TIMEOUT", "soon", "argus.timeout",
            "expected a duration " + DURATION + "; using default 10000", "10000"),
        Arguments.of("ARGUS_SHUTDOWN_TIMEOUT", "-5s", "argus.shutdown.timeout",
            "expected a duration " + DURATION + "; using default 5000", "5000"),
        Arguments.of("OTEL_EXPORTER_OTLP_TIMEOUT", "10 seconds", "otel.exporter.otlp.timeout",
            "expected a duration " + DURATION + "; using default: argus.timeout", ""),
        Arguments.of("OTEL_TRACES_SAMPLER_ARG", "2", "otel.traces.sampler.arg",
            "expected a number between 0 and 1; using default 1.0", "1.0"),
        Arguments.of("OTEL_TRACES_SAMPLER_ARG", "half", "otel.traces.sampler.arg",
            "expected a number between 0 and 1; using default 1.0", "1.0"),
        Arguments.of("OTEL_TRACES_SAMPLER", "sometimes", "otel.traces.sampler",
            "expected one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, "
                + "parentbased_traceidratio; using default parentbased_always_on", "parentbased_always_on"),
        Arguments.of("OTEL_TRACES_SAMPLER", "jaeger_remote", "otel.traces.sampler",
            "jaeger_remote is not supported by Argus; expected one of always_on, always_off, traceidratio, "
                + "parentbased_always_on, parentbased_always_off, parentbased_traceidratio; "
                + "using default parentbased_always_on", "parentbased_always_on"),
        Arguments.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "otel.exporter.otlp.protocol",
            "http/json is not supported by Argus; expected one of http/protobuf, grpc; using default http/protobuf",
            "http/protobuf"),
        Arguments.of("OTEL_EXPORTER_OTLP_COMPRESSION", "zstd", "otel.exporter.otlp.compression",
            "expected one of gzip, none; using default none", "none"),
        Arguments.of("OTEL_EXPORTER_OTLP_ENDPOINT", "localhost:4318", "otel.exporter.otlp.endpoint",
            "endpoint without scheme; expected an absolute http:// or https:// URL; using default: "
                + "http://localhost:4318 (http/protobuf) or http://localhost:4317 (grpc)", ""),
        Arguments.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "ftp://collector:21", "otel.exporter.otlp.traces.endpoint",
            "unsupported scheme 'ftp'; expected an absolute http:// or https:// URL; using default: "
                + "otel.exporter.otlp.endpoint (+ /v1/traces for http/protobuf)", "http://localhost:4318/v1/traces"),
        Arguments.of("OTEL_PROPAGATORS", "b3", "otel.propagators",
            "b3 is not supported by Argus; supported: tracecontext, baggage, none; using default tracecontext,baggage",
            "tracecontext,baggage"),
        Arguments.of("OTEL_TRACES_EXPORTER", "zipkin", "otel.traces.exporter",
            "unknown entry zipkin; supported: console, otlp, logging, none; using default: console, plus otlp when "
                + "an OTLP endpoint is set or argus.otlp.enabled=true", "console"),
        Arguments.of("ARGUS_LOG_LEVEL", "trace", "argus.log.level",
            "expected one of debug, info, warn, error; using default info", "info"),
        Arguments.of("ARGUS_PROMETHEUS_ENABLED", "yes", "argus.prometheus.enabled",
            "expected true or false; using default true", "true"),
        Arguments.of("ARGUS_STRICT", "1", "argus.strict", "expected true or false; using default false", "false"),
        Arguments.of("OTEL_SDK_DISABLED", "on", "otel.sdk.disabled", "expected true or false; using default false",
            "false"),
        Arguments.of("ARGUS_METRICS_HOST", " ", "argus.metrics.host",
            "the host is blank; expected a host name or IP address; using default 127.0.0.1", "127.0.0.1"),
        Arguments.of("ARGUS_METRICS_HOST", "my host", "argus.metrics.host",
            "expected a host name or IP address; using default 127.0.0.1", "127.0.0.1"),
        Arguments.of("OTEL_SERVICE_NAME", "  ", "otel.service.name",
            "expected a non-empty text; using default: service.name from otel.resource.attributes, else derived by "
                + "the agent", ""),
        Arguments.of("ARGUS_LOGS_TARGET", " ", "argus.logs.target",
            "expected stdout, stderr or a file path; using default stdout", "stdout"),
        Arguments.of("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "no", "otel.instrumentation.common.default-enabled",
            "expected true or false; using default true", "true"),
        Arguments.of("OTEL_INSTRUMENTATION_JDBC_ENABLED", "nope", "otel.instrumentation.jdbc.enabled",
            "expected true or false; using default: otel.instrumentation.common.default-enabled", ""),
        Arguments.of("OTEL_RESOURCE_ATTRIBUTES", "broken", "otel.resource.attributes",
            "malformed pair; expected comma-separated key=value pairs (values percent-encoded); using default (empty)", ""));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badEnvValues")
  void badValueIsOneProblemAndTheDefaultApplies(String envName, String value, String key, String expected,
                                                 String effective) {
    Map<String, String> env = new HashMap<>();
    env.put(envName, value);

    ArgusConfig config = ConfigLoader.load(null, env, new Properties());

    assertThat(config.problems()).extracting(ConfigProblem::message)
        .containsExactly("invalid value '" + value + "' for " + key + " (env " + envName + "): " + expected);
    assertThat(config.problems().get(0).key()).isEqualTo(key);
    assertThat(config.problems().get(0).source()).isEqualTo("env " + envName);
    assertThat(config.settingSources()).containsEntry(key, "default");
    if (!key.startsWith("otel.instrumentation.jdbc")) {
      assertThat(config.effectiveSettings()).containsEntry(key, effective);
    }
  }

  @Test
  void sameCheckForSystemProperties() {
    Properties system = new Properties();
    system.setProperty("otel.traces.sampler.arg", "2");

    ArgusConfig config = ConfigLoader.load(null, Map.of(), system);

    assertThat(config.samplerArg()).isEqualTo(1.0);
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value '2' for otel.traces.sampler.arg (system property otel.traces.sampler.arg): "
            + "expected a number between 0 and 1; using default 1.0");
  }

  @Test
  void badListEntryIsSkippedAndTheRestIsUsed() {
    ArgusConfig config = ConfigLoader.load(null,
        Map.of("OTEL_PROPAGATORS", "tracecontext,b3", "OTEL_TRACES_EXPORTER", "console,zipkin"), new Properties());

    assertThat(config.propagators()).containsExactly("tracecontext");
    assertThat(config.tracesExporters()).containsExactly("console");
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactlyInAnyOrder(
        "invalid value 'b3' for otel.propagators (env OTEL_PROPAGATORS): b3 is not supported by Argus; "
            + "supported: tracecontext, baggage, none; skipped",
        "invalid value 'zipkin' for otel.traces.exporter (env OTEL_TRACES_EXPORTER): unknown entry zipkin; "
            + "supported: console, otlp, logging, none; skipped");
  }

  @Test
  void aMainPatternWithBlanksIsSkippedAndTheOtherEntriesApply() {
    ArgusConfig config = ConfigLoader.load(null,
        Map.of("ARGUS_DORMANT_MAINS", "jdk-tools,com.acme Tool,org.flywaydb.*"), new Properties());

    assertThat(config.<java.util.List<String>>value("argus.dormant.mains"))
        .containsExactly("jdk-tools", "org.flywaydb.*");
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value 'com.acme Tool' for argus.dormant.mains (env ARGUS_DORMANT_MAINS): expected jdk-tools, a main "
            + "class, module/class or jar path, '*' for any characters; no blanks; skipped");
  }

  @Test
  void noneCannotBeCombined() {
    ArgusConfig config = ConfigLoader.load(null, Map.of("OTEL_PROPAGATORS", "none,baggage"), new Properties());

    assertThat(config.propagators()).containsExactly("baggage");
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value 'none' for otel.propagators (env OTEL_PROPAGATORS): none cannot be combined with other "
            + "entries; skipped");
  }

  @Test
  void propagatorsNoneMeansNoPropagation() {
    ArgusConfig config = ConfigLoader.load(null, Map.of("OTEL_PROPAGATORS", "none"), new Properties());

    assertThat(config.problems()).isEmpty();
    assertThat(config.propagators()).isEmpty();
    assertThat(config.effectiveSettings()).containsEntry("otel.propagators", "none");
  }

  @Test
  void malformedResourceAttributePairsAreSkipped() {
    ArgusConfig config = ConfigLoader.load(null,
        Map.of("OTEL_RESOURCE_ATTRIBUTES", "team=core,broken,=x,tier=a%2Cb,bad=%zz"), new Properties());

    assertThat(config.resourceAttributes()).containsExactly(Map.entry("team", "core"), Map.entry("tier", "a,b"));
    assertThat(config.problems()).extracting(ConfigProblem::value).containsExactly("broken", "=x", "bad=%zz");
    assertThat(config.problems()).allSatisfy(problem -> assertThat(problem.message()).endsWith("; skipped"));
  }

  @Test
  void secretValuesNeverAppearInProblems() {
    ArgusConfig config = ConfigLoader.load(null,
        Map.of("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20s3cr3t,s3cr3t-token"), new Properties());

    assertThat(config.otlp().headers()).containsExactly(Map.entry("authorization", "Bearer s3cr3t"));
    assertThat(config.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.value()).isEqualTo("****");
      assertThat(problem.message()).doesNotContain("s3cr3t").startsWith(
          "invalid value '****' for otel.exporter.otlp.headers (env OTEL_EXPORTER_OTLP_HEADERS): malformed pair");
    });
  }

  @Test
  void aGuessableControlTokenIsRefusedWithoutBeingPrintedAndControlStaysOff() {
    for (String token : new String[] {"letmein", "0123456789 abcdef", "0123456789abcdé0"}) {
      ArgusConfig config = ConfigLoader.load(null, Map.of("ARGUS_CONTROL_TOKEN", token), new Properties());

      assertThat(config.<String>value("argus.control.token")).as(token).isNull();
      assertThat(config.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
          .doesNotContain(token)
          .isEqualTo("invalid value '****' for argus.control.token (env ARGUS_CONTROL_TOKEN): expected at least 16 "
              + "visible ASCII characters without spaces, e.g. the output of 'openssl rand -hex 32'; "
              + "using default: unset (runtime control disabled)"));
    }
  }

  @Test
  void theControlTokenIsMaskedInTheEffectiveSettings() {
    String token = "3f9a1c0d5e7b2a48";
    ArgusConfig config = ConfigLoader.load(null, Map.of("ARGUS_CONTROL_TOKEN", token), new Properties());

    assertThat(config.problems()).isEmpty();
    assertThat(config.<String>value("argus.control.token")).isEqualTo(token);
    assertThat(config.<Boolean>value("argus.control.allow.remote")).isFalse();
    assertThat(config.effectiveSettings()).containsEntry("argus.control.token", "****");
    assertThat(config.toString()).doesNotContain(token);
  }
}
