package io.argus.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * Reads argus.yaml into raw values keyed by canonical setting key. The file has sections (global, otlp, prometheus,
 * logs, instrumentation) of snake_case keys; the YAML paths are in the {@link Setting} table.
 */
final class ConfigFile {

  static final String INSTRUMENTATION = "instrumentation";
  private static final String DEFAULT_ENABLED = "default_enabled";

  private ConfigFile() {
  }

  /**
   * Returns the values found in the file. Every problem (file unusable, unknown section or key, wrong shape) is
   * added to {@code problems}; nothing is thrown.
   *
   * @param pathSource where the path came from, for messages (e.g. "env ARGUS_CONFIG_FILE")
   */
  static Map<String, RawValue> read(String path, String pathSource, List<ConfigProblem> problems) {
    Map<String, RawValue> values = new LinkedHashMap<String, RawValue>();
    Object root;
    try {
      root = parse(path);
    } catch (Unusable e) {
      problems.add(ConfigProblem.unusableFile(path, pathSource, e.getMessage()));
      return values;
    }
    if (root == null) {
      return values; // an empty file configures nothing
    }
    if (!(root instanceof Map)) {
      problems.add(ConfigProblem.unusableFile(path, pathSource,
          "expected sections (global, otlp, prometheus, logs, instrumentation) at the top level"));
      return values;
    }
    Map<String, List<String>> sections = Setting.yamlSections();
    for (Map.Entry<?, ?> section : ((Map<?, ?>) root).entrySet()) {
      String name = String.valueOf(section.getKey());
      Object body = section.getValue();
      if (!sections.containsKey(name)) {
        problems.add(ConfigProblem.unknownSetting(name, Setting.format(body), "file " + path,
            "valid sections are " + ValueType.join(new TreeSet<String>(sections.keySet()), ", ")));
      } else if (body == null) {
        continue; // "prometheus:" with nothing under it
      } else if (!(body instanceof Map)) {
        problems.add(ConfigProblem.unknownSetting(name, Setting.format(body), "file " + path,
            "a section must be a map of settings, not a single value"));
      } else if (name.equals(INSTRUMENTATION)) {
        readInstrumentation(path, (Map<?, ?>) body, values, problems);
      } else {
        readSection(path, name, sections.get(name), (Map<?, ?>) body, values, problems);
      }
    }
    return values;
  }

  private static void readSection(String path, String section, List<String> validKeys, Map<?, ?> body,
                                  Map<String, RawValue> values, List<ConfigProblem> problems) {
    for (Map.Entry<?, ?> entry : body.entrySet()) {
      String yamlPath = section + "." + entry.getKey();
      Setting setting = Setting.byYamlPath(yamlPath);
      if (setting == null) {
        problems.add(ConfigProblem.unknownSetting(yamlPath, Setting.format(entry.getValue()), "file " + path,
            "valid keys in section '" + section + "' are " + ValueType.join(new TreeSet<String>(validKeys), ", ")));
      } else if (entry.getValue() != null) { // "port:" with no value means not set
        Object value = setting.invertedInYaml ? negate(entry.getValue()) : entry.getValue();
        values.put(setting.key, new RawValue(value, RawValue.Source.FILE, "file " + path + ": " + yamlPath));
      }
    }
  }

  /** instrumentation: {default_enabled: bool, <name>: {enabled: bool}, ...} */
  private static void readInstrumentation(String path, Map<?, ?> body, Map<String, RawValue> values,
                                          List<ConfigProblem> problems) {
    for (Map.Entry<?, ?> entry : body.entrySet()) {
      String name = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      if (name.equals(DEFAULT_ENABLED)) {
        if (value != null) {
          values.put(Setting.INSTRUMENTATION_DEFAULT_ENABLED.key, new RawValue(value, RawValue.Source.FILE,
              "file " + path + ": " + INSTRUMENTATION + "." + DEFAULT_ENABLED));
        }
        continue;
      }
      if (!(value instanceof Map)) {
        problems.add(ConfigProblem.unknownSetting(INSTRUMENTATION + "." + name, Setting.format(value),
            "file " + path, "valid keys in section 'instrumentation' are " + DEFAULT_ENABLED
                + " and <name>.enabled, e.g. '" + name + ": {enabled: false}'"));
        continue;
      }
      for (Map.Entry<?, ?> flag : ((Map<?, ?>) value).entrySet()) {
        String yamlPath = INSTRUMENTATION + "." + name + "." + flag.getKey();
        if (!"enabled".equals(String.valueOf(flag.getKey()))) {
          problems.add(ConfigProblem.unknownSetting(yamlPath, Setting.format(flag.getValue()), "file " + path,
              "valid keys in section 'instrumentation." + name + "' are enabled"));
        } else if (flag.getValue() != null) {
          values.put(Setting.instrumentationKey(name),
              new RawValue(flag.getValue(), RawValue.Source.FILE, "file " + path + ": " + yamlPath));
        }
      }
    }
  }

  private static Object parse(String path) throws Unusable {
    String text;
    try {
      if (Files.isDirectory(Paths.get(path))) {
        throw new Unusable("it is a directory, not a file");
      }
      text = new String(Files.readAllBytes(Paths.get(path)), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Unusable("file not found");
    } catch (AccessDeniedException e) {
      throw new Unusable("permission denied");
    } catch (IOException e) {
      throw new Unusable("cannot read it: " + e.getClass().getSimpleName() + ": " + e.getMessage());
    } catch (InvalidPathException e) {
      throw new Unusable("invalid path: " + e.getMessage());
    } catch (SecurityException e) {
      throw new Unusable("cannot read it: " + e);
    }
    try {
      return new Load(LoadSettings.builder().setLabel(path).build()).loadFromString(text);
    } catch (MarkedYamlEngineException e) {
      // Not getMessage(): it quotes the offending lines, which may hold a password or a token.
      throw new Unusable("malformed YAML: " + oneLine(e.getProblem()) + where(e.getProblemMark()));
    } catch (RuntimeException e) {
      throw new Unusable("malformed YAML: " + oneLine(e.getMessage()));
    } catch (LinkageError e) { // a broken (shaded) YAML library must not stop the application
      throw new Unusable("cannot parse YAML: " + e);
    }
  }

  private static String where(Optional<Mark> mark) {
    return mark.isPresent()
        ? " at line " + (mark.get().getLine() + 1) + ", column " + (mark.get().getColumn() + 1) : "";
  }

  /** Parser messages span several lines (with a source excerpt); problems are one line each. */
  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  private static Object negate(Object value) {
    if (value instanceof Boolean) {
      return !(Boolean) value;
    }
    String text = String.valueOf(value).trim();
    if (text.equalsIgnoreCase("true")) {
      return "false";
    }
    if (text.equalsIgnoreCase("false")) {
      return "true";
    }
    return value; // left as written so the problem message shows it
  }

  private static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    Unusable(String reason) {
      super(reason, null, false, false);
    }
  }
}
