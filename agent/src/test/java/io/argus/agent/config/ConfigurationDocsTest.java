package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/configuration.md in step with the Setting table. */
class ConfigurationDocsTest {

  @TempDir
  Path dir;

  private static String docs() throws IOException {
    Path module = Paths.get("").toAbsolutePath(); // surefire runs in the module directory (agent/)
    Path docs = module.resolveSibling("docs").resolve("configuration.md");
    if (!Files.exists(docs)) {
      docs = module.resolve("docs").resolve("configuration.md"); // run from the repository root
    }
    return Files.readString(docs);
  }

  @Test
  void everySettingHasARowWithItsEnvVarAndYamlPath() throws IOException {
    String docs = docs();
    for (Setting setting : Setting.ALL) {
      String yaml = setting.yamlPath == null ? "—" : "`" + setting.yamlPath + "`";
      assertThat(docs).as(setting.key).contains("| `" + setting.key + "` | `" + setting.envName + "` | " + yaml);
    }
    assertThat(docs).contains("| `argus.config.file` | `ARGUS_CONFIG_FILE` |");
  }

  @Test
  void exampleFileLoadsWithoutProblems() throws IOException {
    String docs = docs();
    int start = docs.indexOf("```yaml\n") + "```yaml\n".length();
    Path file = Files.writeString(dir.resolve("argus.yaml"), docs.substring(start, docs.indexOf("```", start)));

    ArgusConfig config = ConfigLoader.load("config=" + file, Map.of(), new Properties());

    assertThat(config.problems()).isEmpty();
    assertThat(config.serviceName()).isEqualTo("checkout");
    assertThat(config.tracesExporters()).containsExactly("console", "otlp");
    assertThat(config.otlp().endpoint()).isEqualTo("http://otel-collector:4318/v1/traces");
    assertThat(config.isInstrumentationEnabled("spring_webmvc")).isFalse();
    for (Setting setting : Setting.ALL) {
      if (setting.yamlPath != null) {
        assertThat(config.settingSources()).as(setting.key).containsEntry(setting.key, "file");
      }
    }
  }
}
