package io.argus.agent.config;

/**
 * One thing wrong with the configuration, reported as one line. The agent keeps starting with a fallback
 * (unless argus.strict=true), so every message also says what happens instead.
 */
public final class ConfigProblem {

  private final String key;
  private final String value;
  private final String source;
  private final String message;

  private ConfigProblem(String key, String value, String source, String message) {
    this.key = key;
    this.value = value;
    this.source = source;
    this.message = message;
  }

  /** e.g. {@code invalid value 'abc' for argus.metrics.port (env ARGUS_METRICS_PORT): expected an integer 0-65535; using default 9464}. */
  static ConfigProblem invalidValue(String key, String value, String source, String allowed, String consequence) {
    return new ConfigProblem(key, value, source,
        "invalid value '" + value + "' for " + key + " (" + source + "): " + allowed + "; " + consequence);
  }

  /** A key Argus does not know, e.g. a misspelled ARGUS_* env var or YAML key. */
  static ConfigProblem unknownSetting(String name, String value, String source, String hint) {
    return new ConfigProblem(name, value, source,
        "unknown setting '" + name + "' (" + source + ")" + (hint == null ? "" : ": " + hint) + "; ignored");
  }

  /** The config file is missing, unreadable or not valid YAML; the rest of the configuration still loads. */
  static ConfigProblem unusableFile(String path, String source, String reason) {
    return new ConfigProblem(Setting.CONFIG_FILE.key, path, source,
        "cannot use config file '" + path + "' (" + source + "): " + reason + "; continuing without it");
  }

  /** A fragment of the agent argument that is not key=value. */
  static ConfigProblem malformedArgument(String fragment) {
    return new ConfigProblem(null, fragment, "agent argument",
        "malformed agent argument '" + fragment + "': expected key=value pairs separated by ','; ignored");
  }

  /** A bug in the loader itself: reported instead of thrown so that the application still starts. */
  static ConfigProblem internalError(Throwable error) {
    return new ConfigProblem(null, null, "agent",
        "internal error while loading the configuration: " + error + "; using the defaults");
  }

  /** The canonical key (or, for unknown settings, the name as written); null when not about one setting. */
  public String key() {
    return key;
  }

  /** The offending value as written ("****" for secrets); may be null. */
  public String value() {
    return value;
  }

  /** Where the value came from, e.g. {@code env OTEL_TRACES_SAMPLER_ARG} or {@code file /x/argus.yaml: prometheus.port}. */
  public String source() {
    return source;
  }

  /** The whole one-line message: what is wrong, what is allowed, and what the agent does instead. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return message;
  }
}
