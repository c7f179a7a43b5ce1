package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secrets in the configuration never appear where configuration is shown: /status, log lines, problem messages. */
class SecretSettingsTest {
  private static final String SECRET = "s3cr3t-value";

  @TempDir Path dir;

  @Test
  void everySettingNamedLikeASecretIsMaskedInTheEffectiveSettings() {
    Properties system = new Properties();
    int secrets = 0;
    for (Setting setting : Setting.ALL) {
      if (SecretText.looksSecret(setting.key) && setting.key.startsWith("argus.endpoint.")) {
        system.setProperty(setting.key, SECRET);
      }
      secrets += setting.secret ? 1 : 0;
    }
    system.setProperty("otel.exporter.otlp.headers", "authorization=" + SECRET);

    ArgusConfig config = ConfigLoader.load(null, Map.of(), system);

    assertThat(secrets).as("secret settings").isGreaterThanOrEqualTo(5);
    for (Setting setting : Setting.ALL) {
      if (SecretText.looksSecret(setting.key) && setting != Setting.LOGGING_REQUEST_ID_KEY) {
        assertThat(setting.secret).as(setting.key).isTrue();
      }
    }
    assertThat(config.effectiveSettings())
        .containsEntry("argus.endpoint.auth.basic.password", "****")
        .containsEntry("argus.endpoint.auth.bearer.token", "****")
        .containsEntry("argus.endpoint.tls.keystore.password", "****")
        .containsEntry("otel.exporter.otlp.headers", "****");
    assertThat(config.toString()).doesNotContain(SECRET);
  }

  @Test
  void namesAreSecretByTheirWordsNotByChance() {
    assertThat(SecretText.looksSecret("argus.endpoint.auth.bearer.token")).isTrue();
    assertThat(SecretText.looksSecret("otel.exporter.otlp.traces.headers")).isTrue();
    assertThat(SecretText.looksSecret("argus.some_api-key")).isTrue();
    assertThat(SecretText.looksSecret("argus.endpoint.tls.keystore.path")).isFalse();
    assertThat(SecretText.looksSecret("argus.metrics.port")).isFalse();
    assertThat(Setting.LOGGING_REQUEST_ID_KEY.secret).as("the name of a log field, explicitly not secret").isFalse();
  }

  @Test
  void aBadValueOfASecretSettingIsReportedWithoutIt() throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"),
        "endpoint:\n  bearer_token: [" + SECRET + ", again-" + SECRET + "]\n");

    ArgusConfig config = ConfigLoader.load("config=" + file, Map.of(), new Properties());

    assertThat(config.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.message())
          .startsWith("invalid value '****' for argus.endpoint.auth.bearer.token (file " + file)
          .doesNotContain(SECRET);
      assertThat(problem.value()).isEqualTo("****");
    });
  }

  @Test
  void malformedYamlIsReportedWithItsLineButWithoutQuotingIt() throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"),
        "otlp:\n  headers:\n    authorization: \"Bearer " + SECRET + "\n");

    ArgusConfig config = ConfigLoader.load("config=" + file, Map.of(), new Properties());

    assertThat(config.problems()).singleElement().satisfies(problem -> assertThat(problem.message())
        .contains("malformed YAML: ")
        .containsPattern("at line \\d+, column \\d+")
        .doesNotContain(SECRET)
        .doesNotContain("Bearer"));
  }

  @Test
  void credentialsInUrlSettingsAreMaskedWhereverTheUrlIsShown() {
    ArgusConfig config = ConfigLoader.load(null, Map.of(
        "OTEL_EXPORTER_OTLP_ENDPOINT", "https://alice:" + SECRET + "@collector.example:4318",
        "ARGUS_PROMETHEUS_PUSHGATEWAY_URL", "http://gateway:9091/?access_token=" + SECRET + "&job=x"),
        new Properties());

    assertThat(config.effectiveSettings())
        .containsEntry("otel.exporter.otlp.endpoint", "https://****@collector.example:4318")
        .containsEntry("argus.prometheus.pushgateway.url", "http://gateway:9091/?access_token=****&job=x");
    assertThat(config.toString()).doesNotContain(SECRET).doesNotContain("alice");
    assertThat(config.otlp().endpoint()).as("the value used is the real one")
        .isEqualTo("https://alice:" + SECRET + "@collector.example:4318/v1/traces");
  }

  @Test
  void aUrlIsShownWithoutUserInfoAndSecretQueryValuesButOtherwiseIntact() {
    assertThat(SecretText.url("http://u:p@h:1/a?sig=1&page=2&api_key=3&password=4#frag"))
        .isEqualTo("http://****@h:1/a?sig=****&page=2&api_key=****&password=****#frag");
    assertThat(SecretText.url("http://h/a?b=c")).isEqualTo("http://h/a?b=c");
    assertThat(SecretText.url("not a url")).isEqualTo("not a url");
    assertThat(SecretText.url(null)).isNull();
  }

  @Test
  void aCredentialHeaderCannotBecomeTheRequestIdOrTraceIdHeader() {
    ArgusConfig config = ConfigLoader.load(null, Map.of(
        "ARGUS_HTTP_REQUEST_ID_HEADER", "Authorization",
        "ARGUS_HTTP_TRACE_ID_RESPONSE_HEADER", "set-cookie"), new Properties());

    assertThat(config.<String>value("argus.http.request.id.header")).isEqualTo("X-Request-ID");
    assertThat(config.<String>value("argus.http.trace.id.response.header")).isNull();
    assertThat(config.problems()).extracting(ConfigProblem::message).containsExactly(
        "invalid value 'Authorization' for argus.http.request.id.header (env ARGUS_HTTP_REQUEST_ID_HEADER): "
            + "Authorization carries credentials and is never recorded or echoed; expected an HTTP header name such "
            + "as X-Request-ID; using default X-Request-ID",
        "invalid value 'set-cookie' for argus.http.trace.id.response.header (env ARGUS_HTTP_TRACE_ID_RESPONSE_HEADER): "
            + "set-cookie carries credentials and is never recorded or echoed; expected an HTTP header name such as "
            + "X-Request-ID; ignored");
  }
}
