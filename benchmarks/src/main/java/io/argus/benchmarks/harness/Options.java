package io.argus.benchmarks.harness;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line options of the benchmark drivers, each with a default; unknown names fail. */
public final class Options {
  private final Map<String, String> values = new LinkedHashMap<>();

  public Options(String[] args, String... defaults) {
    for (int i = 0; i < defaults.length; i += 2) {
      values.put(defaults[i], defaults[i + 1]);
    }
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : args[i];
      if (!values.containsKey(name) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options (defaults): "
            + values);
      }
      values.put(name, args[i + 1]);
    }
  }

  public String text(String name) {
    return values.get(name);
  }

  public int integer(String name) {
    return Integer.parseInt(values.get(name));
  }

  public List<String> list(String name) {
    return Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** The agents to compare: {@code none,argus,otel} by default. */
  public List<AgentUnderTest> agents(String name) {
    return list(name).stream().map(s -> AgentUnderTest.valueOf(s.toUpperCase(java.util.Locale.ROOT))).toList();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    values.forEach((k, v) -> out.append(out.length() == 0 ? "" : " ").append("--").append(k).append(' ').append(v));
    return out.toString();
  }
}
