package io.argus.bootstrap.propagation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The W3C Trace Context {@code tracestate} (https://www.w3.org/TR/trace-context/#tracestate-header): an immutable,
 * ordered list of vendor {@code key=value} members, left-most = most recently updated.
 *
 * <pre>
 * list             = list-member 0*31( OWS "," OWS list-member )
 * list-member      = key "=" value / OWS
 * key              = simple-key / multi-tenant-key
 * simple-key       = lcalpha 0*255( lcalpha / DIGIT / "_" / "-" / "*" / "/" )
 * multi-tenant-key = tenant-id "@" system-id
 * tenant-id        = ( lcalpha / DIGIT ) 0*240( lcalpha / DIGIT / "_" / "-" / "*" / "/" )
 * system-id        = lcalpha 0*13( lcalpha / DIGIT / "_" / "-" / "*" / "/" )
 * value            = 0*255( chr ) nblk-chr
 * nblk-chr         = %x21-2B / %x2D-3C / %x3E-7E
 * chr              = %x20 / nblk-chr
 * </pre>
 *
 * <p>Parsing is all-or-nothing, as the W3C test suite expects at its default strictness (test/test.py, STRICT_LEVEL
 * 2): one malformed member, a duplicated key or more than 32 members makes the whole header invalid and {@link
 * #parse} returns {@link #EMPTY}; the traceparent is still used. Empty and whitespace-only members are allowed,
 * skipped, and not counted. Leading spaces of a value are kept (they are part of it); trailing ones are OWS.
 *
 * <p>Members are kept in two small arrays; lookups are linear, which beats hashing for at most 32 short keys.
 */
public final class TraceState {
  /** At most 32 list-members (§3.3.1.1). */
  public static final int MAX_MEMBERS = 32;

  private static final int MAX_KEY_LENGTH = 256;
  private static final int MAX_TENANT_LENGTH = 241;
  private static final int MAX_SYSTEM_LENGTH = 14;
  private static final int MAX_VALUE_LENGTH = 256;

  private static final String[] NONE = new String[0];

  public static final TraceState EMPTY = new TraceState(NONE, NONE);

  private final String[] keys;
  private final String[] values;
  /** Lazily built header; a benign race (like String.hash) since String is immutable. */
  private String header;

  private TraceState(String[] keys, String[] values) {
    this.keys = keys;
    this.values = values;
  }

  /**
   * Parses a (combined) {@code tracestate} header value. Multiple header fields must be joined with {@code ","} first
   * (RFC 7230 §3.2.2), which is what an empty member tolerates. Returns {@link #EMPTY} for {@code null}, an empty or
   * whitespace-only header, and for any invalid header (see the class comment). Never throws.
   */
  public static TraceState parse(CharSequence header) {
    if (header == null) {
      return EMPTY;
    }
    int length = header.length();
    String[] keys = null;
    String[] values = null;
    int count = 0;
    int pos = 0;
    while (pos <= length) {
      int memberEnd = pos;
      while (memberEnd < length && header.charAt(memberEnd) != ',') {
        memberEnd++;
      }
      int start = pos;
      int end = memberEnd;
      while (start < end && TraceparentCodec.isOws(header.charAt(start))) {
        start++;
      }
      while (end > start && TraceparentCodec.isOws(header.charAt(end - 1))) {
        end--;
      }
      if (start < end) {
        int eq = keyEnd(header, start, end);
        if (eq < 0 || eq >= end || header.charAt(eq) != '=' || !isValue(header, eq + 1, end)) {
          return EMPTY;
        }
        if (count == MAX_MEMBERS) {
          return EMPTY; // More than 32 members: the whole header is invalid (test_tracestate_member_count_limit).
        }
        String key = header.subSequence(start, eq).toString();
        if (keys == null) {
          keys = new String[4];
          values = new String[4];
        } else {
          if (indexOf(keys, count, key) >= 0) {
            return EMPTY; // §3.3.1.3: only one entry per key; duplicates make the header invalid.
          }
          if (count == keys.length) {
            keys = Arrays.copyOf(keys, Math.min(MAX_MEMBERS, count * 2));
            values = Arrays.copyOf(values, keys.length);
          }
        }
        keys[count] = key;
        values[count] = header.subSequence(eq + 1, end).toString();
        count++;
      }
      pos = memberEnd + 1;
    }
    if (count == 0) {
      return EMPTY;
    }
    if (count != keys.length) {
      keys = Arrays.copyOf(keys, count);
      values = Arrays.copyOf(values, count);
    }
    return new TraceState(keys, values);
  }

  /** The value of {@code key}, or null. */
  public String get(String key) {
    if (key == null) {
      return null;
    }
    int i = indexOf(keys, keys.length, key);
    return i < 0 ? null : values[i];
  }

  /**
   * Returns a new TraceState with {@code key=value} as the left-most member (§3.5: modified and new keys move to the
   * beginning). When a new key would make 33 members, the right-most member is dropped. An invalid key or value
   * returns this unchanged.
   */
  public TraceState put(String key, String value) {
    if (key == null || value == null || !isKey(key) || !isValue(value, 0, value.length())) {
      return this;
    }
    int existing = indexOf(keys, keys.length, key);
    if (existing == 0 && values[0].equals(value)) {
      return this;
    }
    int kept = existing >= 0 ? keys.length - 1 : Math.min(keys.length, MAX_MEMBERS - 1);
    String[] newKeys = new String[kept + 1];
    String[] newValues = new String[kept + 1];
    newKeys[0] = key;
    newValues[0] = value;
    int j = 1;
    for (int i = 0; i < keys.length && j <= kept; i++) {
      if (i != existing) {
        newKeys[j] = keys[i];
        newValues[j] = values[i];
        j++;
      }
    }
    return new TraceState(newKeys, newValues);
  }

  /** Returns a TraceState without {@code key}; this when absent. */
  public TraceState remove(String key) {
    int existing = key == null ? -1 : indexOf(keys, keys.length, key);
    if (existing < 0) {
      return this;
    }
    if (keys.length == 1) {
      return EMPTY;
    }
    String[] newKeys = new String[keys.length - 1];
    String[] newValues = new String[keys.length - 1];
    System.arraycopy(keys, 0, newKeys, 0, existing);
    System.arraycopy(values, 0, newValues, 0, existing);
    System.arraycopy(keys, existing + 1, newKeys, existing, keys.length - existing - 1);
    System.arraycopy(values, existing + 1, newValues, existing, keys.length - existing - 1);
    return new TraceState(newKeys, newValues);
  }

  public int size() {
    return keys.length;
  }

  public boolean isEmpty() {
    return keys.length == 0;
  }

  /**
   * The header value, {@code "k1=v1,k2=v2"} without optional whitespace; {@code ""} when empty. Not truncated: at most
   * 32 members of bounded length can exist, and the spec only asks to propagate at least 512 characters.
   */
  public String toHeader() {
    String result = header;
    if (result == null) {
      if (keys.length == 0) {
        result = "";
      } else {
        int length = keys.length - 1;
        for (int i = 0; i < keys.length; i++) {
          length += keys[i].length() + 1 + values[i].length();
        }
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < keys.length; i++) {
          if (i > 0) {
            sb.append(',');
          }
          sb.append(keys[i]).append('=').append(values[i]);
        }
        result = sb.toString();
      }
      header = result;
    }
    return result;
  }

  /** An ordered copy (left-most member first), for exporters. */
  public Map<String, String> asMap() {
    Map<String, String> map = new LinkedHashMap<String, String>(keys.length * 2);
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], values[i]);
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof TraceState)) {
      return false;
    }
    TraceState other = (TraceState) o;
    return Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TraceState{" + toHeader() + "}";
  }

  /** True when {@code key} is a valid simple-key or multi-tenant-key. */
  static boolean isKey(String key) {
    return keyEnd(key, 0, key.length()) == key.length();
  }

  /**
   * Scans a key starting at {@code start}; returns the index of the first char after it (the {@code '='} in a
   * member), or -1 when what precedes that index is not a valid key.
   */
  private static int keyEnd(CharSequence s, int start, int end) {
    if (start >= end) {
      return -1;
    }
    char first = s.charAt(start);
    boolean firstIsAlpha = first >= 'a' && first <= 'z';
    if (!firstIsAlpha && !(first >= '0' && first <= '9')) {
      return -1;
    }
    int i = start + 1;
    while (i < end && isKeyChar(s.charAt(i))) {
      i++;
    }
    if (i < end && s.charAt(i) == '@') {
      // multi-tenant-key: tenant-id "@" system-id
      if (i - start > MAX_TENANT_LENGTH) {
        return -1;
      }
      int systemStart = i + 1;
      if (systemStart >= end) {
        return -1;
      }
      char systemFirst = s.charAt(systemStart);
      if (!(systemFirst >= 'a' && systemFirst <= 'z')) {
        return -1;
      }
      i = systemStart + 1;
      while (i < end && isKeyChar(s.charAt(i))) {
        i++;
      }
      return i - systemStart > MAX_SYSTEM_LENGTH ? -1 : i;
    }
    // simple-key must start with a letter; a leading digit is only allowed for a tenant-id.
    return firstIsAlpha && i - start <= MAX_KEY_LENGTH ? i : -1;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' || c == '/';
  }

  /** 1..256 chars of %x20-7E except ',' and '=', the last one not a space. */
  private static boolean isValue(CharSequence s, int start, int end) {
    int length = end - start;
    if (length < 1 || length > MAX_VALUE_LENGTH || s.charAt(end - 1) == ' ') {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7E || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(String[] keys, int count, String key) {
    for (int i = 0; i < count; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }
}
