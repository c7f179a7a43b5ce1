package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstrumentationFlagsTest {

  @TempDir
  Path dir;

  @Test
  void envFormMatchesNamesWithDashes() {
    ArgusConfig config = ConfigLoader.load(null,
        Map.of("OTEL_INSTRUMENTATION_SPRING_WEBMVC_ENABLED", "false", "OTEL_INSTRUMENTATION_JDBC_ENABLED", "false"),
        new Properties());

    assertThat(config.problems()).isEmpty();
    assertThat(config.isInstrumentationEnabled("spring-webmvc")).isFalse();
    assertThat(config.isInstrumentationEnabled("spring_webmvc")).isFalse();
    assertThat(config.isInstrumentationEnabled("JDBC")).isFalse();
    assertThat(config.isInstrumentationEnabled("servlet")).isTrue();
    assertThat(config.effectiveSettings()).containsEntry("otel.instrumentation.spring-webmvc.enabled", "false");
    assertThat(config.settingSources()).containsEntry("otel.instrumentation.spring-webmvc.enabled", "env");
  }

  @Test
  void systemPropertyWithUnderscoreOrDashIsTheSameFlag() {
    Properties system = new Properties();
    system.setProperty("otel.instrumentation.java_http_client.enabled", "false");

    ArgusConfig config = ConfigLoader.load(null, Map.of("OTEL_INSTRUMENTATION_JAVA_HTTP_CLIENT_ENABLED", "true"),
        system);

    assertThat(config.isInstrumentationEnabled("java-http-client")).isFalse();
    assertThat(config.settingSources()).containsEntry("otel.instrumentation.java-http-client.enabled",
        "system property");
  }

  @Test
  void defaultEnabledFalseTurnsEverythingOffExceptExplicitlyEnabled() {
    Properties system = new Properties();
    system.setProperty("otel.instrumentation.common.default-enabled", "false");
    system.setProperty("otel.instrumentation.jdbc.enabled", "true");

    ArgusConfig config = ConfigLoader.load(null, Map.of(), system);

    assertThat(config.problems()).isEmpty();
    assertThat(config.isInstrumentationEnabled("jdbc")).isTrue();
    assertThat(config.isInstrumentationEnabled("servlet")).isFalse();
    assertThat(config.isInstrumentationEnabled(null)).isFalse();
  }

  @Test
  void defaultEnabledEnvFormIsNotMistakenForAnInstrumentationNamedCommonDefault() {
    ArgusConfig config = ConfigLoader.load(null, Map.of("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED", "false"),
        new Properties());

    assertThat(config.isInstrumentationEnabled("anything")).isFalse();
    assertThat(config.effectiveSettings()).doesNotContainKey("otel.instrumentation.common-default.enabled");
  }

  @Test
  void agentArgumentAndFileFlags() throws IOException {
    Path file = Files.writeString(dir.resolve("argus.yaml"),
        "instrumentation:\n  spring_webmvc:\n    enabled: false\n  jdbc:\n    enabled: false\n");

    ArgusConfig config = ConfigLoader.load("config=" + file + ",otel.instrumentation.jdbc.enabled=true", Map.of(),
        new Properties());

    assertThat(config.problems()).isEmpty();
    assertThat(config.isInstrumentationEnabled("spring-webmvc")).isFalse();
    assertThat(config.isInstrumentationEnabled("jdbc")).isTrue();
    assertThat(config.settingSources()).containsEntry("otel.instrumentation.jdbc.enabled", "agent argument");
  }
}
