package io.argus.bootstrap.propagation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * W3C Baggage (https://www.w3.org/TR/baggage/): an immutable, ordered map of name -> (value, metadata).
 *
 * <ul>
 *   <li>A name is an RFC 7230 {@code token}; names are case-sensitive.
 *   <li>A value is any string (the decoded form; {@link BaggageCodec} percent-encodes it on the wire), possibly empty.
 *   <li>Metadata is the raw property list that followed {@code ';'} on the wire, e.g. {@code "p1;k2=v2"}, or null. It
 *       is opaque to the spec and kept verbatim (minus surrounding whitespace), never decoded.
 * </ul>
 *
 * <p>{@link #put} replaces an existing name in place and appends a new one at the end, so the received order is
 * preserved (W3C Baggage §3.1.1: "The order of duplicate entries SHOULD be preserved when mutating the list").
 * Invalid input to {@code put} returns this instance unchanged; nothing here throws. Entries live in three small
 * arrays with linear lookups: baggage is small, and this class sits on the request path of instrumented threads.
 */
public final class Baggage {
  private static final String[] NONE = new String[0];

  public static final Baggage EMPTY = new Baggage(NONE, NONE, NONE);

  private final String[] names;
  private final String[] values;
  private final String[] metadata;

  private Baggage(String[] names, String[] values, String[] metadata) {
    this.names = names;
    this.values = values;
    this.metadata = metadata;
  }

  /** Wraps already validated arrays (the first {@code count} entries); for {@link BaggageCodec}. */
  static Baggage of(String[] names, String[] values, String[] metadata, int count) {
    if (count == 0) {
      return EMPTY;
    }
    if (count != names.length) {
      names = Arrays.copyOf(names, count);
      values = Arrays.copyOf(values, count);
      metadata = Arrays.copyOf(metadata, count);
    }
    return new Baggage(names, values, metadata);
  }

  /** The value of {@code name}, or null. */
  public String get(String name) {
    int i = indexOf(name);
    return i < 0 ? null : values[i];
  }

  /** The raw properties string after {@code ';'} of {@code name}'s entry, or null (no entry, or no properties). */
  public String metadata(String name) {
    int i = indexOf(name);
    return i < 0 ? null : metadata[i];
  }

  /** Same as {@code put(name, value, null)}: sets a value without metadata. */
  public Baggage put(String name, String value) {
    return put(name, value, null);
  }

  /**
   * Returns a Baggage where {@code name} maps to {@code value} and {@code metadata}. Returns this unchanged when
   * {@code name} is not an RFC 7230 token, {@code value} is null, or {@code metadata} is not a valid W3C property list
   * ({@code property *( OWS ";" OWS property )}). A null or blank {@code metadata} means none.
   */
  public Baggage put(String name, String value, String metadata) {
    if (name == null || value == null || !BaggageCodec.isToken(name, 0, name.length())) {
      return this;
    }
    String meta = null;
    if (metadata != null) {
      int start = BaggageCodec.skipOws(metadata, 0, metadata.length());
      int end = BaggageCodec.trimOwsEnd(metadata, start, metadata.length());
      if (start < end) {
        if (!BaggageCodec.isProperties(metadata, start, end)) {
          return this;
        }
        meta = metadata.substring(start, end);
      }
    }
    int existing = indexOf(name);
    if (existing >= 0) {
      if (values[existing].equals(value) && equal(this.metadata[existing], meta)) {
        return this;
      }
      String[] newValues = values.clone();
      String[] newMetadata = this.metadata.clone();
      newValues[existing] = value;
      newMetadata[existing] = meta;
      return new Baggage(names, newValues, newMetadata);
    }
    int n = names.length;
    String[] newNames = Arrays.copyOf(names, n + 1);
    String[] newValues = Arrays.copyOf(values, n + 1);
    String[] newMetadata = Arrays.copyOf(this.metadata, n + 1);
    newNames[n] = name;
    newValues[n] = value;
    newMetadata[n] = meta;
    return new Baggage(newNames, newValues, newMetadata);
  }

  /** Returns a Baggage without {@code name}; this when absent. */
  public Baggage remove(String name) {
    int existing = indexOf(name);
    if (existing < 0) {
      return this;
    }
    int n = names.length;
    if (n == 1) {
      return EMPTY;
    }
    return new Baggage(without(names, existing), without(values, existing), without(metadata, existing));
  }

  public int size() {
    return names.length;
  }

  public boolean isEmpty() {
    return names.length == 0;
  }

  /** An ordered copy name -> value (metadata left out), for exporters and log correlation. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<String, String>(names.length * 2);
    for (int i = 0; i < names.length; i++) {
      map.put(names[i], values[i]);
    }
    return map;
  }

  String nameAt(int i) {
    return names[i];
  }

  String valueAt(int i) {
    return values[i];
  }

  String metadataAt(int i) {
    return metadata[i];
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Baggage)) {
      return false;
    }
    Baggage other = (Baggage) o;
    return Arrays.equals(names, other.names)
        && Arrays.equals(values, other.values)
        && Arrays.equals(metadata, other.metadata);
  }

  @Override
  public int hashCode() {
    return (31 * Arrays.hashCode(names) + Arrays.hashCode(values)) * 31 + Arrays.hashCode(metadata);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Baggage{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(names[i]).append('=').append(values[i]);
      if (metadata[i] != null) {
        sb.append(';').append(metadata[i]);
      }
    }
    return sb.append('}').toString();
  }

  private int indexOf(String name) {
    if (name == null) {
      return -1;
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static String[] without(String[] array, int index) {
    String[] result = new String[array.length - 1];
    System.arraycopy(array, 0, result, 0, index);
    System.arraycopy(array, index + 1, result, index, array.length - index - 1);
    return result;
  }

  private static boolean equal(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }
}
