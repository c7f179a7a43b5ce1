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

class ExportersAndOtlpTest {

  @TempDir
  Path dir;

  private final Map<String, String> env = new HashMap<>();
  private final Properties system = new Properties();

  private ArgusConfig load() {
    return ConfigLoader.load(null, env, system);
  }

  private ArgusConfig loadFile(String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"), yaml);
    return ConfigLoader.load("config=" + file, env, system);
  }

  @Test
  void consoleOnlyByDefault() {
    assertThat(load().tracesExporters()).containsExactly("console");
  }

  @Test
  void consoleAndOtlpWhenAnyEndpointIsSet() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
    assertThat(load().tracesExporters()).containsExactly("console", "otlp");

    env.clear();
    system.setProperty("otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces");
    ArgusConfig config = load();
    assertThat(config.tracesExporters()).containsExactly("console", "otlp");
    assertThat(config.effectiveSettings()).containsEntry("argus.otlp.enabled", "true");
    assertThat(config.settingSources()).containsEntry("argus.otlp.enabled", "system property");
  }

  @Test
  void otlpEnabledAddsOtlpWithTheDefaultEndpoint() {
    env.put("ARGUS_OTLP_ENABLED", "true");

    ArgusConfig config = load();

    assertThat(config.tracesExporters()).containsExactly("console", "otlp");
    assertThat(config.otlp().endpoint()).isEqualTo("http://localhost:4318/v1/traces");
  }

  @Test
  void yamlSwitchesAddAndRemoveExporters() throws IOException {
    assertThat(loadFile("logs:\n  enabled: false\notlp:\n  enabled: true\n").tracesExporters())
        .containsExactly("otlp");
    assertThat(loadFile("otlp:\n  enabled: false\n  endpoint: http://collector:4318\n").tracesExporters())
        .containsExactly("console");
    assertThat(loadFile("logs:\n  enabled: false\n").tracesExporters()).isEmpty();
  }

  @Test
  void explicitExporterListWinsOverTheSwitches() throws IOException {
    env.put("OTEL_TRACES_EXPORTER", "otlp");

    ArgusConfig config = loadFile("logs:\n  enabled: true\n");

    assertThat(config.tracesExporters()).containsExactly("otlp");
    assertThat(config.effectiveSettings()).containsEntry("argus.logs.enabled", "false")
        .containsEntry("otel.traces.exporter", "otlp");
    assertThat(config.settingSources()).containsEntry("argus.logs.enabled", "env");
  }

  @Test
  void loggingAndConsoleBothMeanTheJsonLinesOutput() {
    env.put("OTEL_TRACES_EXPORTER", "logging, OTLP");
    assertThat(load().tracesExporters()).containsExactly("console", "otlp");

    env.put("OTEL_TRACES_EXPORTER", "console,logging");
    assertThat(load().tracesExporters()).containsExactly("console");
  }

  @Test
  void noneAloneMeansNoSpanExporters() {
    env.put("OTEL_TRACES_EXPORTER", "none");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");

    ArgusConfig config = load();

    assertThat(config.problems()).isEmpty();
    assertThat(config.tracesExporters()).isEmpty();
    assertThat(config.effectiveSettings()).containsEntry("otel.traces.exporter", "none");
  }

  @Test
  void genericEndpointGetsTheSignalPathForHttp() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
    assertThat(load().otlp().endpoint()).isEqualTo("http://collector:4318/v1/traces");

    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "https://gateway.example.com/otlp/");
    assertThat(load().otlp().endpoint()).isEqualTo("https://gateway.example.com/otlp/v1/traces");
  }

  @Test
  void genericEndpointIsUsedAsIsForGrpc() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317");
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");

    assertThat(load().otlp().endpoint()).isEqualTo("http://collector:4317");
    assertThat(load().otlp().protocol()).isEqualTo("grpc");
  }

  @Test
  void tracesEndpointIsUsedAsIsAndWinsOverTheGenericOne() {
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", "http://generic:4318");
    env.put("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://traces:9999/custom");

    ArgusConfig config = load();

    assertThat(config.otlp().endpoint()).isEqualTo("http://traces:9999/custom");
    assertThat(config.effectiveSettings())
        .containsEntry("otel.exporter.otlp.endpoint", "http://generic:4318")
        .containsEntry("otel.exporter.otlp.traces.endpoint", "http://traces:9999/custom");
  }

  @Test
  void defaultEndpointDependsOnTheProtocol() {
    assertThat(load().otlp().endpoint()).isEqualTo("http://localhost:4318/v1/traces");

    env.put("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc");
    ArgusConfig config = load();
    assertThat(config.otlp().endpoint()).isEqualTo("http://localhost:4317");
    assertThat(config.effectiveSettings()).containsEntry("otel.exporter.otlp.traces.endpoint", "http://localhost:4317");
  }

  @Test
  void tracesSpecificSettingsOverrideGenericOnes() {
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    env.put("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf");
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "a=1");
    env.put("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "b=2");
    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "3s");
    env.put("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "4000");
    env.put("OTEL_EXPORTER_OTLP_COMPRESSION", "none");
    env.put("OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "GZIP");

    OtlpSettings otlp = load().otlp();

    assertThat(otlp.protocol()).isEqualTo("http/protobuf");
    assertThat(otlp.headers()).containsExactly(Map.entry("b", "2"));
    assertThat(otlp.timeoutMillis()).isEqualTo(4000);
    assertThat(otlp.compression()).isEqualTo("gzip");
  }

  @Test
  void otlpTimeoutOverridesArgusTimeout() {
    env.put("ARGUS_TIMEOUT", "20s");
    assertThat(load().otlp().timeoutMillis()).isEqualTo(20000);

    env.put("OTEL_EXPORTER_OTLP_TIMEOUT", "1500");
    ArgusConfig config = load();
    assertThat(config.otlp().timeoutMillis()).isEqualTo(1500);
    assertThat(config.defaultTimeoutMillis()).isEqualTo(20000);
  }

  @Test
  void headersAreMaskedInTheEffectiveViewAndToString() {
    env.put("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20t0ps3cret,x-tenant=acme");
    system.setProperty("otel.exporter.otlp.traces.headers", "api-key=k3y");

    ArgusConfig config = load();

    assertThat(config.otlp().headers()).containsExactly(Map.entry("api-key", "k3y"));
    assertThat(config.effectiveSettings())
        .containsEntry("otel.exporter.otlp.headers", "****")
        .containsEntry("otel.exporter.otlp.traces.headers", "****");
    assertThat(config.settingSources()).containsEntry("otel.exporter.otlp.headers", "env")
        .containsEntry("otel.exporter.otlp.traces.headers", "system property");
    assertThat(config.toString()).doesNotContain("t0ps3cret").doesNotContain("k3y");
    assertThat(config.otlp().toString()).doesNotContain("k3y");
  }

  @Test
  void emptyHeadersShowAsEmpty() {
    assertThat(load().effectiveSettings()).containsEntry("otel.exporter.otlp.headers", "")
        .containsEntry("otel.exporter.otlp.traces.headers", "");
  }
}
