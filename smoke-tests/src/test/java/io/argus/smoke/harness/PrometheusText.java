package io.argus.smoke.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 into samples.
 *
 * <p>Accepted: {@code # HELP name text} (with {@code \\} and {@code \n} escapes), {@code # TYPE name type}, other
 * {@code #} comments (ignored, including OpenMetrics' {@code # EOF}), blank lines, and samples
 * {@code name[{label="value",...}] value [timestamp]} with label values escaped as {@code \\}, {@code \"},
 * {@code \n}. Anything else, a duplicate label, or a second {@code # TYPE} for a name fails with
 * {@link IllegalArgumentException} naming the line.
 */
public final class PrometheusText {

  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
  private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped",
      // OpenMetrics' types, for completeness.
      "unknown", "info", "stateset", "gaugehistogram");

  /** One sample line. {@code timestampMillis} is null when the line has none. */
  public record Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {
    public Sample {
      labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public String label(String name) {
      return labels.get(name);
    }

    /** Whether every given pair (name, value, name, value, ...) is among this sample's labels. */
    public boolean hasLabels(String... labelPairs) {
      Map<String, String> wanted = pairs(labelPairs);
      return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @Override
    public String toString() {
      return name + (labels.isEmpty() ? "" : labels.entrySet().stream()
          .map(e -> e.getKey() + "=\"" + e.getValue() + "\"").collect(Collectors.joining(",", "{", "}")))
          + " " + value + (timestampMillis == null ? "" : " " + timestampMillis);
    }
  }

  private final String text;
  private final List<Sample> samples;
  private final Map<String, String> types;
  private final Map<String, String> helps;

  private PrometheusText(String text, List<Sample> samples, Map<String, String> types, Map<String, String> helps) {
    this.text = text;
    this.samples = List.copyOf(samples);
    this.types = Collections.unmodifiableMap(types);
    this.helps = Collections.unmodifiableMap(helps);
  }

  /** Parses a whole exposition; fails on the first malformed line. */
  public static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, String> helps = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      try {
        if (line.isBlank()) {
          continue;
        }
        if (line.startsWith("#")) {
          parseComment(line, types, helps);
        } else {
          samples.add(new LineParser(line).sample());
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage() + ": " + line, e);
      }
    }
    return new PrometheusText(text, samples, types, helps);
  }

  /** The text that was parsed. */
  public String text() {
    return text;
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The samples with exactly this name (e.g. {@code http_requests_total} or {@code latency_seconds_bucket}). */
  public List<Sample> samples(String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  /** The samples with this name having all the given label pairs (name, value, name, value, ...). */
  public List<Sample> samples(String name, String... labelPairs) {
    pairs(labelPairs);
    return samples.stream().filter(s -> s.name().equals(name) && s.hasLabels(labelPairs)).toList();
  }

  /** The sample names, in order of first appearance. */
  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * The value of the one sample with this name having the given label pairs (name, value, ...; other labels may
   * exist). Fails if there is none or more than one, listing the samples of that name.
   */
  public double value(String name, String... labelPairs) {
    List<Sample> matching = samples(name, labelPairs);
    if (matching.size() != 1) {
      throw new AssertionError((matching.isEmpty() ? "no sample " : matching.size() + " samples ") + name
          + pairs(labelPairs) + (matching.isEmpty() ? "" : ", add labels to pick one") + "; samples named " + name
          + ": " + samples(name));
    }
    return matching.get(0).value();
  }

  /** Like {@link #value} but empty when there is no such sample (still fails when several match). */
  public OptionalDouble find(String name, String... labelPairs) {
    List<Sample> matching = samples(name, labelPairs);
    if (matching.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(value(name, labelPairs));
  }

  /** The sum of the values of all samples with this name having the given label pairs (0 if none). */
  public double sum(String name, String... labelPairs) {
    return samples(name, labelPairs).stream().mapToDouble(Sample::value).sum();
  }

  /** The {@code # TYPE} of a metric family (the family name, e.g. {@code latency_seconds}, not {@code _bucket}). */
  public Optional<String> type(String family) {
    return Optional.ofNullable(types.get(family));
  }

  /** The unescaped {@code # HELP} text of a metric family. */
  public Optional<String> help(String family) {
    return Optional.ofNullable(helps.get(family));
  }

  @Override
  public String toString() {
    return "PrometheusText[" + samples.size() + " samples]";
  }

  // ---------------------------------------------------------------------------------------------------------------

  private static Map<String, String> pairs(String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("labels must be given as name, value pairs: " + List.of(labelPairs));
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      map.put(labelPairs[i], labelPairs[i + 1]);
    }
    return map;
  }

  private static void parseComment(String line, Map<String, String> types, Map<String, String> helps) {
    String body = line.substring(1).stripLeading();
    String[] parts = body.split("[ \t]+", 3);
    String keyword = parts[0];
    if (!keyword.equals("HELP") && !keyword.equals("TYPE")) {
      return; // an ordinary comment
    }
    if (parts.length < 2 || !METRIC_NAME.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException("# " + keyword + " without a valid metric name");
    }
    String name = parts[1];
    if (keyword.equals("TYPE")) {
      String type = parts.length > 2 ? parts[2].strip() : "";
      if (!TYPES.contains(type)) {
        throw new IllegalArgumentException("unknown metric type '" + type + "'");
      }
      if (types.put(name, type) != null) {
        throw new IllegalArgumentException("second # TYPE for " + name);
      }
    } else {
      String help = parts.length > 2 ? parts[2] : "";
      if (helps.put(name, unescapeHelp(help)) != null) {
        throw new IllegalArgumentException("second # HELP for " + name);
      }
    }
  }

  private static String unescapeHelp(String help) {
    StringBuilder sb = new StringBuilder(help.length());
    for (int i = 0; i < help.length(); i++) {
      char c = help.charAt(i);
      if (c == '\\' && i + 1 < help.length()) {
        char next = help.charAt(i + 1);
        if (next == '\\' || next == 'n') {
          sb.append(next == 'n' ? '\n' : '\\');
          i++;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Parses one sample line with a cursor. */
  private static final class LineParser {
    private final String line;
    private int pos;

    LineParser(String line) {
      this.line = line;
    }

    Sample sample() {
      skipBlanks();
      String name = token(METRIC_NAME, "metric name");
      int mark = pos;
      skipBlanks();
      Map<String, String> labels = new LinkedHashMap<>();
      boolean hasLabelBlock = peek() == '{';
      if (hasLabelBlock) {
        pos++;
        labels(labels);
        skipBlanks(); // Prometheus tolerates `}` directly followed by the value.
      } else if (pos == mark) {
        throw new IllegalArgumentException("expected whitespace after the metric name at column " + (pos + 1));
      }
      String valueText = word();
      double value = parseValue(valueText);
      skipBlanks();
      Long timestamp = null;
      if (pos < line.length()) {
        String ts = word();
        if (!TIMESTAMP.matcher(ts).matches()) {
          throw new IllegalArgumentException("invalid timestamp '" + ts + "'");
        }
        timestamp = Long.parseLong(ts);
        skipBlanks();
        if (pos < line.length()) {
          throw new IllegalArgumentException("unexpected text after the timestamp at column " + (pos + 1));
        }
      }
      return new Sample(name, labels, value, timestamp);
    }

    private void labels(Map<String, String> labels) {
      while (true) {
        skipBlanks();
        if (peek() == '}') {
          pos++;
          return;
        }
        String labelName = token(Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*"), "label name");
        skipBlanks();
        expect('=');
        skipBlanks();
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
          if (pos >= line.length()) {
            throw new IllegalArgumentException("unterminated value of label " + labelName);
          }
          char c = line.charAt(pos++);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (pos >= line.length()) {
              throw new IllegalArgumentException("dangling backslash in label " + labelName);
            }
            char escaped = line.charAt(pos++);
            switch (escaped) {
              case '\\' -> value.append('\\');
              case '"' -> value.append('"');
              case 'n' -> value.append('\n');
              default -> throw new IllegalArgumentException("invalid escape \\" + escaped + " in label " + labelName);
            }
          } else {
            value.append(c);
          }
        }
        if (labels.put(labelName, value.toString()) != null) {
          throw new IllegalArgumentException("duplicate label " + labelName);
        }
        skipBlanks();
        char next = peek();
        if (next == ',') {
          pos++;
        } else if (next != '}') {
          throw new IllegalArgumentException("expected ',' or '}' after label " + labelName + " at column "
              + (pos + 1));
        }
      }
    }

    private static double parseValue(String text) {
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "+Inf":
        case "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        default:
          if (!FLOAT.matcher(text).matches()) {
            throw new IllegalArgumentException("invalid value '" + text + "'");
          }
          return Double.parseDouble(text);
      }
    }

    private String token(Pattern pattern, String what) {
      int end = pos;
      while (end < line.length() && isTokenChar(line.charAt(end))) {
        end++;
      }
      String token = line.substring(pos, end);
      if (!pattern.matcher(token).matches()) {
        throw new IllegalArgumentException("invalid " + what + " '" + token + "' at column " + (pos + 1));
      }
      pos = end;
      return token;
    }

    private static boolean isTokenChar(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private String word() {
      int end = pos;
      while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
        end++;
      }
      if (end == pos) {
        throw new IllegalArgumentException("missing value at column " + (pos + 1));
      }
      String word = line.substring(pos, end);
      pos = end;
      return word;
    }

    private void expect(char c) {
      if (peek() != c) {
        throw new IllegalArgumentException("expected '" + c + "' at column " + (pos + 1));
      }
      pos++;
    }

    private char peek() {
      return pos < line.length() ? line.charAt(pos) : '\0';
    }

    private void skipBlanks() {
      while (pos < line.length() && (line.charAt(pos) == ' ' || line.charAt(pos) == '\t')) {
        pos++;
      }
    }
  }
}
