package io.argus.agent.config;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the raw value of a setting (text from env/system properties/agent argument, or a YAML scalar, list or map)
 * into its typed value, or says what is allowed.
 */
abstract class ValueType {

  /** The whole value is unusable; the message says what is allowed. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    Invalid(String message) {
      super(message, null, false, false); // control flow, not a bug: no stack trace
    }
  }

  /** One element of a list or map value that was skipped while the rest of the value is used. */
  static final class Rejected {
    final String element;
    final String reason;

    Rejected(String element, String reason) {
      this.element = element;
      this.reason = reason;
    }
  }

  /**
   * Returns the typed value. Elements of a list/map that are unusable are added to {@code rejected} and left out;
   * when nothing usable remains, the whole value is {@link Invalid}.
   */
  abstract Object parse(Object raw, List<Rejected> rejected) throws Invalid;

  /** Lists and key=value maps contain commas in their text form (matters when splitting the agent argument). */
  boolean isList() {
    return false;
  }

  static final ValueType BOOLEAN = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      if (raw instanceof Boolean) {
        return raw;
      }
      String text = scalar(raw, "expected true or false");
      if ("true".equalsIgnoreCase(text)) {
        return Boolean.TRUE;
      }
      if ("false".equalsIgnoreCase(text)) {
        return Boolean.FALSE;
      }
      throw new Invalid("expected true or false");
    }
  };

  /** Any non-blank text, trimmed. */
  static final ValueType TEXT = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String text = scalar(raw, "expected a non-empty text");
      if (text.isEmpty()) {
        throw new Invalid("expected a non-empty text");
      }
      return text;
    }
  };

  /**
   * An HTTP header name (an RFC 9110 token) that is not one of the credential headers: a header whose value Argus
   * records or echoes must never be Authorization, Proxy-Authorization, Cookie or Set-Cookie.
   */
  static final ValueType HEADER_NAME = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String expected = "expected an HTTP header name such as X-Request-ID";
      String text = scalar(raw, expected);
      if (text.isEmpty() || !HEADER_TOKEN.matcher(text).matches()) {
        throw new Invalid(expected);
      }
      if (CREDENTIAL_HEADERS.contains(text.toLowerCase(Locale.ROOT))) {
        throw new Invalid(text + " carries credentials and is never recorded or echoed; " + expected);
      }
      return text;
    }
  };

  /** Where output goes: the keywords stdout/stderr (any case) or a file path. */
  static final ValueType OUTPUT_TARGET = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String expected = "expected stdout, stderr or a file path";
      String text = scalar(raw, expected);
      if (text.isEmpty()) {
        throw new Invalid(expected);
      }
      String lower = text.toLowerCase(Locale.ROOT);
      return lower.equals("stdout") || lower.equals("stderr") ? lower : text;
    }
  };

  private static final Pattern HEADER_TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final java.util.Set<String> CREDENTIAL_HEADERS = new java.util.HashSet<String>(
      java.util.Arrays.asList("authorization", "proxy-authorization", "cookie", "set-cookie"));
  private static final Pattern HOST_NAME = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
  private static final Pattern IPV6_LITERAL = Pattern.compile("\\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z]+)?]?");

  /** A host name or IP literal; only its shape is checked (no DNS lookup while the agent starts). */
  static final ValueType HOST = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String expected = "expected a host name or IP address";
      String text = scalar(raw, expected);
      if (text.isEmpty()) {
        throw new Invalid("the host is blank; " + expected);
      }
      if (HOST_NAME.matcher(text).matches() || IPV6_LITERAL.matcher(text).matches()) {
        return text;
      }
      throw new Invalid(expected);
    }
  };

  /** An absolute http:// or https:// URL, kept as written. */
  static final ValueType HTTP_URL = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String expected = "expected an absolute http:// or https:// URL";
      String text = scalar(raw, expected);
      // "localhost:4318" parses as a URI with scheme "localhost", so look for "://" first.
      if (!text.contains("://")) {
        throw new Invalid("endpoint without scheme; " + expected);
      }
      URI uri;
      try {
        uri = new URI(text);
      } catch (URISyntaxException e) {
        throw new Invalid(expected);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new Invalid("unsupported scheme '" + uri.getScheme() + "'; " + expected);
      }
      if (uri.getHost() == null) {
        throw new Invalid("missing or invalid host; " + expected);
      }
      return text;
    }
  };

  /** A number in [0, 1], as a Double. */
  static final ValueType RATIO = new ValueType() {
    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String expected = "expected a number between 0 and 1";
      String text = scalar(raw, expected);
      double ratio;
      try {
        ratio = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new Invalid(expected);
      }
      if (!(ratio >= 0.0 && ratio <= 1.0)) { // also rejects NaN
        throw new Invalid(expected);
      }
      return ratio;
    }
  };

  /** Comma-separated {@code k=v} pairs with percent-decoded values, or a YAML map (taken literally). */
  static final ValueType KEY_VALUES = new ValueType() {
    @Override
    boolean isList() {
      return true;
    }

    @Override
    Object parse(Object raw, List<Rejected> rejected) throws Invalid {
      String expected = "expected comma-separated key=value pairs (values percent-encoded)";
      Map<String, String> result = new LinkedHashMap<String, String>();
      List<Rejected> skipped = new ArrayList<Rejected>();
      if (raw instanceof Map) {
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) raw).entrySet()) {
          String key = String.valueOf(entry.getKey()).trim();
          Object value = entry.getValue();
          if (key.isEmpty()) {
            skipped.add(new Rejected(key + ": " + value, "empty key; " + expected));
          } else if (value instanceof Map || value instanceof Collection) {
            skipped.add(new Rejected(key + ": " + value, "expected a plain value for " + key));
          } else {
            result.put(key, value == null ? "" : String.valueOf(value));
          }
        }
      } else {
        for (String pair : scalar(raw, expected).split(",")) {
          pair = pair.trim();
          if (pair.isEmpty()) {
            continue;
          }
          int equals = pair.indexOf('=');
          if (equals <= 0 || pair.substring(0, equals).trim().isEmpty()) {
            skipped.add(new Rejected(pair, "malformed pair; " + expected));
            continue;
          }
          try {
            result.put(pair.substring(0, equals).trim(), percentDecode(pair.substring(equals + 1).trim()));
          } catch (IllegalArgumentException e) {
            skipped.add(new Rejected(pair, "invalid percent-encoding; " + expected));
          }
        }
      }
      if (result.isEmpty() && !skipped.isEmpty()) {
        throw new Invalid(skipped.size() == 1 ? skipped.get(0).reason : "no valid pair; " + expected);
      }
      rejected.addAll(skipped);
      return Collections.unmodifiableMap(result);
    }
  };

  /** Checks one entry of a {@link #stringList}; returns what is wrong with it, or null when it is fine. */
  interface ItemCheck {
    String problem(String item);
  }

  /**
   * A comma-separated list (or YAML list) of free-form entries, returned as an unmodifiable List in order. Entries
   * that fail {@code check} are reported and skipped; {@code none} alone (or an empty YAML list) means empty.
   */
  static ValueType stringList(final ItemCheck check) {
    return new ValueType() {
      @Override
      boolean isList() {
        return true;
      }

      @Override
      Object parse(Object raw, List<Rejected> rejected) throws Invalid {
        List<String> items = new ArrayList<String>();
        if (raw instanceof Collection) {
          for (Object item : (Collection<?>) raw) {
            items.add(String.valueOf(item));
          }
        } else {
          items.addAll(Arrays.asList(scalar(raw, "expected a comma-separated list").split(",")));
        }
        List<String> result = new ArrayList<String>();
        for (String item : items) {
          String entry = item.trim();
          if (entry.isEmpty() || (entry.equals("none") && items.size() == 1)) {
            continue;
          }
          String problem = check == null ? null : check.problem(entry);
          if (problem == null) {
            result.add(entry);
          } else {
            rejected.add(new Rejected(entry, problem));
          }
        }
        return Collections.unmodifiableList(result);
      }
    };
  }

  /**
   * A shared secret such as the control token: at least {@code minLength} visible ASCII characters (it travels in an
   * HTTP header), so that a guessable one is refused rather than silently accepted.
   */
  static ValueType token(final int minLength) {
    return new ValueType() {
      @Override
      Object parse(Object raw, List<Rejected> rejected) throws Invalid {
        String expected = "expected at least " + minLength + " visible ASCII characters without spaces, e.g. the "
            + "output of 'openssl rand -hex 32'";
        String text = scalar(raw, expected);
        if (text.length() < minLength) {
          throw new Invalid(expected);
        }
        for (int i = 0; i < text.length(); i++) {
          if (text.charAt(i) <= ' ' || text.charAt(i) > '~') {
            throw new Invalid(expected);
          }
        }
        return text;
      }
    };
  }

  /** An integer in [min, max], as an Integer. */
  static ValueType integer(final int min, final int max) {
    return new ValueType() {
      @Override
      Object parse(Object raw, List<Rejected> rejected) throws Invalid {
        String expected = "expected an integer " + min + "-" + max;
        String text = scalar(raw, expected);
        long number;
        try {
          number = Long.parseLong(text);
        } catch (NumberFormatException e) {
          throw new Invalid(expected);
        }
        if (number < min || number > max) {
          throw new Invalid(expected);
        }
        return (int) number;
      }
    };
  }

  private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

  /** Milliseconds, as a Long: a plain integer, or a number with unit ms, s, m or h. */
  static ValueType duration(final long minMillis, final long maxMillis) {
    return new ValueType() {
      @Override
      Object parse(Object raw, List<Rejected> rejected) throws Invalid {
        String range = maxMillis == Long.MAX_VALUE ? "" : " between " + minMillis + "ms and " + maxMillis + "ms";
        String expected = "expected a duration" + range + " such as 500ms, 10s or 1m (a plain number means milliseconds)";
        Matcher matcher = DURATION.matcher(scalar(raw, expected));
        if (!matcher.matches()) {
          throw new Invalid(expected);
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2).toLowerCase(Locale.ROOT);
        long millis = unit.equals("h") ? amount * 3600000L
            : unit.equals("m") ? amount * 60000L
            : unit.equals("s") ? amount * 1000L
            : amount; // at most 12 digits, so no overflow
        if (millis < minMillis || millis > maxMillis) {
          throw new Invalid(expected);
        }
        return millis;
      }
    };
  }

  /** One value out of a fixed set, case-insensitive, as lower-case text. */
  static ValueType oneOf(final List<String> allowed, final List<String> unsupported) {
    return new ValueType() {
      @Override
      Object parse(Object raw, List<Rejected> rejected) throws Invalid {
        String expected = "expected one of " + join(allowed, ", ");
        String value = scalar(raw, expected).toLowerCase(Locale.ROOT);
        if (allowed.contains(value)) {
          return value;
        }
        if (unsupported.contains(value)) {
          throw new Invalid(value + " is not supported by Argus; " + expected);
        }
        throw new Invalid(expected);
      }
    };
  }

  /**
   * A comma-separated list (or YAML list) of names out of {@code allowed}, returned as a Set in the order of
   * {@code allowed}. {@code aliases} map alternative names to allowed ones; {@code none} alone means the empty set.
   */
  static ValueType listOf(final List<String> allowed, final Map<String, String> aliases,
                          final List<String> unsupported) {
    return new ValueType() {
      @Override
      boolean isList() {
        return true;
      }

      @Override
      Object parse(Object raw, List<Rejected> rejected) throws Invalid {
        List<String> names = new ArrayList<String>(allowed);
        names.addAll(aliases.keySet());
        names.add("none");
        String supported = "supported: " + join(names, ", ");
        List<String> items = new ArrayList<String>();
        if (raw instanceof Collection) {
          for (Object item : (Collection<?>) raw) {
            items.add(String.valueOf(item));
          }
        } else {
          items.addAll(Arrays.asList(scalar(raw, "expected a comma-separated list; " + supported).split(",")));
        }
        Set<String> found = new LinkedHashSet<String>();
        List<Rejected> skipped = new ArrayList<Rejected>();
        boolean none = false;
        for (String item : items) {
          String name = item.trim().toLowerCase(Locale.ROOT);
          String canonical = aliases.containsKey(name) ? aliases.get(name) : name;
          if (name.isEmpty()) {
            continue;
          } else if (name.equals("none")) {
            none = true;
          } else if (allowed.contains(canonical)) {
            found.add(canonical);
          } else if (unsupported.contains(name)) {
            skipped.add(new Rejected(item.trim(), name + " is not supported by Argus; " + supported));
          } else {
            skipped.add(new Rejected(item.trim(), "unknown entry " + item.trim() + "; " + supported));
          }
        }
        if (found.isEmpty() && !none) {
          throw new Invalid(skipped.size() == 1 ? skipped.get(0).reason : "expected a comma-separated list; " + supported);
        }
        if (none && !found.isEmpty()) {
          skipped.add(new Rejected("none", "none cannot be combined with other entries"));
        }
        rejected.addAll(skipped);
        Set<String> ordered = new LinkedHashSet<String>();
        for (String name : allowed) {
          if (found.contains(name)) {
            ordered.add(name);
          }
        }
        return Collections.unmodifiableSet(ordered);
      }
    };
  }

  /** The text of a scalar, trimmed; YAML maps and lists are not scalars. */
  private static String scalar(Object raw, String expected) throws Invalid {
    if (raw instanceof Map || raw instanceof Collection) {
      throw new Invalid("expected a single value, not a YAML " + (raw instanceof Map ? "map" : "list") + "; "
          + expected.replaceFirst("^expected ", ""));
    }
    return String.valueOf(raw).trim();
  }

  /** Decodes %XX sequences as UTF-8; unlike URLDecoder, '+' stays '+' (as the OTel spec asks). */
  static String percentDecode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    StringBuilder decoded = new StringBuilder(text.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("bad percent-encoding in " + text);
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        flush(bytes, decoded);
        decoded.append(c);
      }
    }
    flush(bytes, decoded);
    return decoded.toString();
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder into) {
    if (bytes.size() > 0) {
      into.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  static String join(Collection<?> items, String separator) {
    StringBuilder joined = new StringBuilder();
    for (Object item : items) {
      if (joined.length() > 0) {
        joined.append(separator);
      }
      joined.append(item);
    }
    return joined.toString();
  }
}
