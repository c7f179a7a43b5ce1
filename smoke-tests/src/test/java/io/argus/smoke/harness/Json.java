package io.argus.smoke.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Thin helpers over Jackson for tests: parse JSON text into a {@link JsonNode}, failing with the offending text. */
public final class Json {

  private static final int SHOWN_CHARS = 2_000;
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** The shared mapper (do not reconfigure it). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses one JSON document (a line of JSON logs, an HTTP body, ...); fails with the text if it is not JSON. */
  public static JsonNode parse(String text) {
    if (text == null) {
      throw new AssertionError("expected JSON, got null");
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new AssertionError("expected JSON, got no content: '" + shown(text) + "'");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new AssertionError("not valid JSON (" + e.getOriginalMessage() + "): " + shown(text), e);
    }
  }

  /** Parses a JSON object; fails with the text if it is not JSON or not an object. */
  public static JsonNode parseObject(String text) {
    JsonNode node = parse(text);
    if (!node.isObject()) {
      throw new AssertionError("expected a JSON object, got " + node.getNodeType() + ": " + shown(text));
    }
    return node;
  }

  /** The parsed document, or empty if the text is not JSON (e.g. to pick JSON lines out of mixed output). */
  public static Optional<JsonNode> tryParse(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.readTree(text)).filter(n -> !n.isMissingNode());
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** Parses every non-blank line as a JSON object (JSON Lines); fails on the first line that is not one. */
  public static List<JsonNode> parseLines(Collection<String> lines) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        nodes.add(parseObject(line));
      }
    }
    return nodes;
  }

  /** The lines that are JSON objects, parsed; other lines are skipped. */
  public static List<JsonNode> objectLines(Collection<String> lines) {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("{")) {
        tryParse(trimmed).filter(JsonNode::isObject).ifPresent(nodes::add);
      }
    }
    return nodes;
  }

  /** The text at a JSON pointer ({@code /a/b/0}), or null if absent or null. */
  public static String text(JsonNode node, String pointer) {
    JsonNode at = node.at(pointer);
    return at.isMissingNode() || at.isNull() ? null : at.asText();
  }

  /** Serializes a value (for failure messages and request bodies). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value, e);
    }
  }

  private static String shown(String text) {
    return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "... (" + text.length() + " chars)";
  }
}
