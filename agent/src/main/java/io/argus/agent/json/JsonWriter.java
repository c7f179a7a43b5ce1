package io.argus.agent.json;

import java.util.Map;

/**
 * A minimal streaming JSON writer into a {@link StringBuilder}: enough for the agent's log lines, the JSON-lines span
 * output and {@code /status}, without bringing a JSON library into the jar. Commas are placed automatically.
 */
public final class JsonWriter {
  private final StringBuilder out;
  /** True when the next value in the current container needs a comma before it. */
  private boolean needComma;

  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  public JsonWriter() {
    this(new StringBuilder(256));
  }

  public JsonWriter beginObject() {
    separate();
    out.append('{');
    needComma = false;
    return this;
  }

  public JsonWriter endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  public JsonWriter beginArray() {
    separate();
    out.append('[');
    needComma = false;
    return this;
  }

  public JsonWriter endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  public JsonWriter name(String name) {
    separate();
    quote(out, name);
    out.append(':');
    needComma = false;
    return this;
  }

  public JsonWriter value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      quote(out, value);
    }
    needComma = true;
    return this;
  }

  public JsonWriter value(long value) {
    separate();
    out.append(value);
    needComma = true;
    return this;
  }

  public JsonWriter value(double value) {
    separate();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      quote(out, Double.toString(value)); // JSON has no NaN/Infinity
    } else {
      out.append(value);
    }
    needComma = true;
    return this;
  }

  public JsonWriter value(boolean value) {
    separate();
    out.append(value);
    needComma = true;
    return this;
  }

  /** Writes String, Number, Boolean, Map and Iterable values; anything else as its string form. */
  public JsonWriter value(Object value) {
    if (value == null || value instanceof String) {
      return value((String) value);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return value(((Number) value).longValue());
    }
    if (value instanceof Number) {
      return value(((Number) value).doubleValue());
    }
    if (value instanceof Boolean) {
      return value(((Boolean) value).booleanValue());
    }
    if (value instanceof Map) {
      beginObject();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        name(String.valueOf(entry.getKey())).value(entry.getValue());
      }
      return endObject();
    }
    if (value instanceof Iterable) {
      beginArray();
      for (Object element : (Iterable<?>) value) {
        value(element);
      }
      return endArray();
    }
    return value(String.valueOf(value));
  }

  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, Object value) {
    return name(name).value(value);
  }

  private void separate() {
    if (needComma) {
      out.append(',');
    }
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** RFC 8259 §7 string escaping; also escapes U+2028/2029 so the output is safe inside a script tag. */
  public static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\t':
          out.append("\\t");
          break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '<' || c == '>') {
            out.append("\\u");
            String hex = Integer.toHexString(c);
            for (int pad = hex.length(); pad < 4; pad++) {
              out.append('0');
            }
            out.append(hex);
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
