package io.argus.agent.config;

import io.argus.bootstrap.FaultInjection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Builds the {@link ArgusConfig} from its sources, lowest precedence first: defaults, the YAML file, the agent
 * argument, environment variables, Java system properties. An invalid value is reported as a {@link ConfigProblem}
 * and ignored, as if it were not set: the value from the next lower source that has a valid one applies, else the
 * default.
 */
public final class ConfigLoader {

  /** Agent-argument key naming the YAML file: {@code -javaagent:argus-agent.jar=config=/path/argus.yaml}. */
  static final String CONFIG_ARGUMENT = "config";
  private static final String AGENT_ARGUMENT = RawValue.Source.AGENT_ARGUMENT.label;

  private ConfigLoader() {
  }

  /** Loads from this JVM's environment and system properties. Never throws. */
  public static ArgusConfig load(String agentArgs) {
    Map<String, String> env;
    Properties systemProperties;
    try {
      env = System.getenv();
      systemProperties = System.getProperties();
    } catch (SecurityException e) {
      env = Collections.emptyMap();
      systemProperties = new Properties();
    }
    return load(agentArgs, env, systemProperties);
  }

  /**
   * Never throws: every problem is in {@link ArgusConfig#problems()} and the setting concerned falls back.
   *
   * @param agentArgs        the premain argument string ({@code key=value} pairs separated by ','), may be null
   * @param env              environment variables, may be null
   * @param systemProperties Java system properties, may be null
   */
  public static ArgusConfig load(String agentArgs, Map<String, String> env, Properties systemProperties) {
    try {
      return resolve(agentArgs, env == null ? Collections.<String, String>emptyMap() : env,
          systemProperties == null ? new Properties() : systemProperties);
    } catch (RuntimeException e) { // a bug here must not stop the application: start with the defaults
      return withDefaults(e);
    } catch (LinkageError e) {
      return withDefaults(e);
    }
  }

  private static ArgusConfig withDefaults(Throwable error) {
    List<ConfigProblem> problems = new ArrayList<ConfigProblem>();
    problems.add(ConfigProblem.internalError(error));
    return resolve(Collections.<Map<String, RawValue>>emptyList(), problems, null);
  }

  private static ArgusConfig resolve(String agentArgs, Map<String, String> env, Properties systemProperties) {
    List<ConfigProblem> problems = new ArrayList<ConfigProblem>();
    Map<String, RawValue> fromArguments = readAgentArguments(agentArgs, problems);
    Map<String, RawValue> fromEnv = readEnv(env, problems);
    Map<String, RawValue> fromSystem = readSystemProperties(systemProperties, problems);

    // The file has its own order: the agent argument names it for this JVM, and a system property beats the env.
    String fileKey = Setting.CONFIG_FILE.key;
    RawValue file = fromArguments.remove(fileKey);
    RawValue fileFromSystem = fromSystem.remove(fileKey);
    RawValue fileFromEnv = fromEnv.remove(fileKey);
    file = file != null ? file : fileFromSystem != null ? fileFromSystem : fileFromEnv;
    Map<String, RawValue> fromFile = file == null ? Collections.<String, RawValue>emptyMap()
        : ConfigFile.read(String.valueOf(file.value).trim(), file.location, problems);

    return resolve(Arrays.asList(fromFile, fromArguments, fromEnv, fromSystem), problems, file);
  }

  /** @param sources raw values by canonical key, one map per source, lowest precedence first */
  private static ArgusConfig resolve(List<Map<String, RawValue>> sources, List<ConfigProblem> problems,
                                     RawValue file) {
    Map<String, Object> values = new LinkedHashMap<String, Object>();
    Map<String, String> origins = new LinkedHashMap<String, String>();
    List<Setting> settings = new ArrayList<Setting>(Setting.ALL);
    for (Map<String, RawValue> source : sources) {
      for (String key : source.keySet()) {
        String name = Setting.instrumentationNameOf(key);
        if (name != null && !values.containsKey(key)) {
          settings.add(Setting.instrumentation(name));
          values.put(key, null); // marks the key as seen; resolved below
        }
      }
    }
    for (Setting setting : settings) {
      List<RawValue> candidates = new ArrayList<RawValue>();
      for (Map<String, RawValue> source : sources) {
        if (source.get(setting.key) != null) {
          candidates.add(source.get(setting.key));
        }
      }
      resolve(setting, candidates, values, origins, problems);
    }
    values.put(Setting.CONFIG_FILE.key, file == null ? null : String.valueOf(file.value).trim());
    origins.put(Setting.CONFIG_FILE.key, (file == null ? RawValue.Source.DEFAULT : file.source).label);
    return new ArgusConfig(values, origins, problems);
  }

  /** The highest-precedence valid candidate wins; every invalid one is a problem saying what applies instead. */
  private static void resolve(Setting setting, List<RawValue> candidates, Map<String, Object> values,
                              Map<String, String> origins, List<ConfigProblem> problems) {
    Object value = setting.defaultValue;
    RawValue chosen = null;
    List<RawValue> invalid = new ArrayList<RawValue>();
    List<String> reasons = new ArrayList<String>();
    for (RawValue candidate : candidates) {
      List<ValueType.Rejected> rejected = new ArrayList<ValueType.Rejected>();
      try {
        value = setting.type.parse(candidate.value, rejected);
        chosen = candidate;
      } catch (ValueType.Invalid e) {
        invalid.add(candidate);
        reasons.add(e.getMessage());
      }
      for (ValueType.Rejected element : rejected) {
        problems.add(ConfigProblem.invalidValue(setting.key, setting.show(element.element), candidate.location,
            element.reason, "skipped"));
      }
    }
    String consequence = chosen == null ? setting.fallbackText()
        : "using " + setting.show(value) + " from " + chosen.location;
    for (int i = 0; i < invalid.size(); i++) {
      problems.add(ConfigProblem.invalidValue(setting.key, setting.show(invalid.get(i).value),
          invalid.get(i).location, reasons.get(i), consequence));
    }
    values.put(setting.key, value);
    origins.put(setting.key, (chosen == null ? RawValue.Source.DEFAULT : chosen.source).label);
  }

  /**
   * {@code key=value} pairs separated by ','. Lists contain commas too ({@code otel.traces.exporter=console,otlp}),
   * so after a list-valued key a fragment continues the value unless it starts with a setting name.
   */
  static Map<String, RawValue> readAgentArguments(String agentArgs, List<ConfigProblem> problems) {
    Map<String, RawValue> values = new LinkedHashMap<String, RawValue>();
    if (agentArgs == null || agentArgs.trim().isEmpty()) {
      return values;
    }
    String key = null;
    StringBuilder value = null;
    for (String fragment : agentArgs.split(",", -1)) {
      int equals = fragment.indexOf('=');
      String fragmentKey = equals > 0 ? fragment.substring(0, equals).trim() : null;
      if (key != null && takesList(key) && (fragmentKey == null || !looksLikeSettingName(fragmentKey))) {
        value.append(',').append(fragment);
        continue;
      }
      addAgentArgument(key, value, values, problems);
      key = null;
      if (fragment.trim().isEmpty()) {
        continue;
      }
      if (fragmentKey == null || fragmentKey.isEmpty()) {
        problems.add(ConfigProblem.malformedArgument(fragment.trim()));
        continue;
      }
      key = fragmentKey;
      value = new StringBuilder(fragment.substring(equals + 1));
    }
    addAgentArgument(key, value, values, problems);
    return values;
  }

  private static void addAgentArgument(String key, StringBuilder value, Map<String, RawValue> values,
                                       List<ConfigProblem> problems) {
    if (key == null) {
      return;
    }
    String canonical = key.equals(CONFIG_ARGUMENT) ? Setting.CONFIG_FILE.key : key;
    String name = Setting.instrumentationNameOf(canonical);
    if (name != null) {
      canonical = Setting.instrumentationKey(name);
    } else if (Setting.byKey(canonical) == null) {
      problems.add(ConfigProblem.unknownSetting(key, value.toString(), AGENT_ARGUMENT,
          "the agent argument takes config=<file> and setting names such as argus.metrics.port"
              + didYouMean(key, false)));
      return;
    }
    if (value.length() > 0) { // "key=" means not set, as an empty env var does in OTel
      values.put(canonical, new RawValue(value.toString(), RawValue.Source.AGENT_ARGUMENT, AGENT_ARGUMENT));
    }
  }

  private static boolean takesList(String key) {
    Setting setting = Setting.byKey(key);
    return setting != null && setting.type.isList();
  }

  private static boolean looksLikeSettingName(String key) {
    return key.equals(CONFIG_ARGUMENT) || key.startsWith("otel.") || key.startsWith("argus.");
  }

  /** Known env vars; unknown ARGUS_* ones are problems, unknown OTEL_* ones may be for the application's own SDK. */
  static Map<String, RawValue> readEnv(Map<String, String> env, List<ConfigProblem> problems) {
    Map<String, RawValue> values = new LinkedHashMap<String, RawValue>();
    for (Map.Entry<String, String> entry : env.entrySet()) {
      String name = entry.getKey();
      String value = entry.getValue();
      if (name == null) {
        continue;
      }
      Setting setting = byEnvName(name);
      String instrumentation = Setting.instrumentationNameOfEnv(name);
      String key = setting != null ? setting.key
          : instrumentation != null ? Setting.instrumentationKey(instrumentation) : null;
      if (key == null) {
        if (name.startsWith("ARGUS_")) {
          problems.add(ConfigProblem.unknownSetting(name, value, "env", "not an Argus setting" + didYouMean(name, true)));
        }
      } else if (value != null && !value.isEmpty()) { // OTel: an empty env var counts as not set
        values.put(key, new RawValue(value, RawValue.Source.ENV, "env " + name));
      }
    }
    return values;
  }

  /** Known system properties; unknown argus.* ones are problems, unknown otel.* ones are left alone. */
  static Map<String, RawValue> readSystemProperties(Properties properties, List<ConfigProblem> problems) {
    Map<String, RawValue> values = new LinkedHashMap<String, RawValue>();
    for (String name : properties.stringPropertyNames()) {
      String value = properties.getProperty(name);
      String instrumentation = Setting.instrumentationNameOf(name);
      String key = Setting.byKey(name) != null ? name
          : instrumentation != null ? Setting.instrumentationKey(instrumentation) : null;
      if (key == null) {
        // The test-only fault-injection switch is read by the bootstrap itself and announced by its own warning.
        if (name.startsWith("argus.") && !name.equals(FaultInjection.PROPERTY)) {
          problems.add(ConfigProblem.unknownSetting(name, value, "system property",
              "not an Argus setting" + didYouMean(name, false)));
        }
      } else if (value != null && !value.isEmpty()) {
        values.put(key, new RawValue(value, RawValue.Source.SYSTEM_PROPERTY, "system property " + name));
      }
    }
    return values;
  }

  private static Setting byEnvName(String envName) {
    for (Setting setting : Setting.ALL) {
      if (setting.envName.equals(envName)) {
        return setting;
      }
    }
    return Setting.CONFIG_FILE.envName.equals(envName) ? Setting.CONFIG_FILE : null;
  }

  /** Suggests the closest known name for a typo (edit distance at most 3). */
  private static String didYouMean(String name, boolean envForm) {
    String best = null;
    int bestDistance = 4;
    List<Setting> known = new ArrayList<Setting>(Setting.ALL);
    known.add(Setting.CONFIG_FILE);
    for (Setting setting : known) {
      String candidate = envForm ? setting.envName : setting.key;
      int distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean " + best + "?)";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
