package io.argus.bootstrap.propagation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The W3C {@code baggage} header (https://www.w3.org/TR/baggage/#header-content).
 *
 * <pre>
 * baggage-string =  list-member 0*179( OWS "," OWS list-member )
 * list-member    =  key OWS "=" OWS value *( OWS ";" OWS property )
 * property       =  key OWS "=" OWS value
 * property       =/ key OWS
 * key            =  token                       ; RFC 7230 §3.2.6
 * value          =  *baggage-octet
 * baggage-octet  =  %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E
 * OWS            =  *( SP / HTAB )
 * </pre>
 *
 * <p>Parsing is lenient per list-member: a member that does not match the grammar (including a {@code '%'} that does
 * not start a {@code %XX} escape, and an empty member) is skipped and the others are kept. Values are percent-decoded
 * as UTF-8 (invalid UTF-8 becomes U+FFFD); {@code '+'} is a literal plus, not a space. Property lists are kept raw.
 * A name that occurs twice keeps its first position and its last value. Parsing keeps what formatting would send on:
 * at most {@value #MAX_MEMBERS} members and {@value #MAX_BYTES} bytes of them as written (a member that does not fit
 * is skipped, later ones are still tried), so a hostile header with thousands of members or a huge value costs a
 * request no more than the limits.
 *
 * <p>Formatting percent-encodes every value char outside baggage-octet, plus {@code '%'} (so decoding restores it)
 * and {@code '+'} (some decoders read it as a space), as {@code %XX} of its UTF-8 bytes; an unpaired surrogate is
 * written as {@code '?'} like {@link String#getBytes}. It writes at most {@value #MAX_MEMBERS} members and at most
 * {@value #MAX_BYTES} bytes (§3.3 limits): a member that would push the header past the byte limit is dropped and the
 * following ones are still tried, so the result is never longer than the limit.
 */
public final class BaggageCodec {
  /** W3C Baggage §3.3: a platform MUST propagate at least 64 list-members... */
  public static final int MAX_MEMBERS = 64;
  /** ...and at least 8192 bytes of baggage-string. Formatting never exceeds either. */
  public static final int MAX_BYTES = 8192;

  /** Beyond this many members, duplicate names are found through a hash index instead of a linear scan. */
  private static final int INDEX_THRESHOLD = 16;

  private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

  private BaggageCodec() {}

  /** Parses a (combined) baggage header value; {@link Baggage#EMPTY} when null or nothing valid is in it. */
  public static Baggage parse(CharSequence header) {
    if (header == null) {
      return Baggage.EMPTY;
    }
    int length = header.length();
    String[] names = null;
    String[] values = null;
    String[] metadata = null;
    Map<String, Integer> index = null;
    int count = 0;
    int kept = 0; // characters of the members kept, plus a ',' between them
    int pos = 0;
    while (pos <= length) {
      int memberEnd = pos;
      while (memberEnd < length && header.charAt(memberEnd) != ',') {
        memberEnd++;
      }
      int start = skipOws(header, pos, memberEnd);
      int end = trimOwsEnd(header, start, memberEnd);
      pos = memberEnd + 1;
      int size = (count == 0 ? 0 : 1) + end - start;
      if (kept + size > MAX_BYTES) {
        continue; // a member is kept whole or not at all (§3.3); a smaller one further on may still fit
      }

      // key OWS "=" OWS value [ OWS ";" OWS properties ]
      int keyEnd = start;
      while (keyEnd < end && isTchar(header.charAt(keyEnd))) {
        keyEnd++;
      }
      if (keyEnd == start) {
        continue; // empty member, or not starting with a token char
      }
      int i = skipOws(header, keyEnd, end);
      if (i >= end || header.charAt(i) != '=') {
        continue;
      }
      int valueStart = skipOws(header, i + 1, end);
      int valueEnd = valueStart;
      while (valueEnd < end && isBaggageOctet(header.charAt(valueEnd))) {
        valueEnd++;
      }
      i = skipOws(header, valueEnd, end);
      String meta = null;
      if (i < end) {
        if (header.charAt(i) != ';') {
          continue;
        }
        int metaStart = skipOws(header, i + 1, end);
        if (!isProperties(header, metaStart, end)) {
          continue;
        }
        meta = header.subSequence(metaStart, end).toString();
      }
      String value = decode(header, valueStart, valueEnd);
      if (value == null) {
        continue; // malformed percent-encoding
      }
      String name = header.subSequence(start, keyEnd).toString();

      if (names == null) {
        names = new String[4];
        values = new String[4];
        metadata = new String[4];
      }
      int existing = -1;
      if (index != null) {
        Integer found = index.get(name);
        existing = found == null ? -1 : found.intValue();
      } else {
        for (int j = 0; j < count; j++) {
          if (names[j].equals(name)) {
            existing = j;
            break;
          }
        }
      }
      if (existing >= 0) {
        values[existing] = value;
        metadata[existing] = meta;
        kept += size;
        continue;
      }
      if (count == MAX_MEMBERS) {
        continue; // a new name beyond the member limit; a later repeat of a kept name still updates it
      }
      if (count == names.length) {
        names = Arrays.copyOf(names, count * 2);
        values = Arrays.copyOf(values, count * 2);
        metadata = Arrays.copyOf(metadata, count * 2);
      }
      names[count] = name;
      values[count] = value;
      metadata[count] = meta;
      count++;
      kept += size;
      if (index != null) {
        index.put(name, Integer.valueOf(count - 1));
      } else if (count == INDEX_THRESHOLD) {
        // Up to 64 members: a hash index keeps duplicate detection linear.
        index = new HashMap<String, Integer>(INDEX_THRESHOLD * 4);
        for (int j = 0; j < count; j++) {
          index.put(names[j], Integer.valueOf(j));
        }
      }
    }
    return count == 0 ? Baggage.EMPTY : Baggage.of(names, values, metadata, count);
  }

  /**
   * The header value {@code "k1=v1,k2=v2;p"} (no optional whitespace), values percent-encoded; {@code ""} when empty
   * or null. At most {@value #MAX_MEMBERS} members and {@value #MAX_BYTES} bytes, see the class comment.
   */
  public static String format(Baggage baggage) {
    if (baggage == null || baggage.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(64);
    int written = 0;
    for (int i = 0, n = baggage.size(); i < n && written < MAX_MEMBERS; i++) {
      int mark = sb.length();
      if (written > 0) {
        sb.append(',');
      }
      String name = baggage.nameAt(i);
      sb.append(name).append('=');
      if (!encode(baggage.valueAt(i), sb)) {
        sb.setLength(mark);
        continue;
      }
      String meta = baggage.metadataAt(i);
      if (meta != null) {
        sb.append(';').append(meta);
      }
      // Everything written is ASCII, so chars == bytes.
      if (sb.length() > MAX_BYTES) {
        sb.setLength(mark);
        continue;
      }
      written++;
    }
    return sb.toString();
  }

  /**
   * Appends the percent-encoded {@code value}; gives up (returning false) as soon as {@code sb} grows beyond {@link
   * #MAX_BYTES}, so that a huge value costs no more than the limit.
   */
  private static boolean encode(String value, StringBuilder sb) {
    int length = value.length();
    for (int i = 0; i < length; i++) {
      if (sb.length() > MAX_BYTES) {
        return false;
      }
      char c = value.charAt(i);
      if (c < 0x80) {
        if (isBaggageOctet(c) && c != '%' && c != '+') {
          sb.append(c);
        } else {
          appendEscaped(sb, c);
        }
      } else if (c < 0x800) {
        appendEscaped(sb, 0xC0 | (c >> 6));
        appendEscaped(sb, 0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, value.charAt(++i));
        appendEscaped(sb, 0xF0 | (cp >> 18));
        appendEscaped(sb, 0x80 | ((cp >> 12) & 0x3F));
        appendEscaped(sb, 0x80 | ((cp >> 6) & 0x3F));
        appendEscaped(sb, 0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        sb.append('?'); // unpaired surrogate, as String.getBytes(UTF_8) does
      } else {
        appendEscaped(sb, 0xE0 | (c >> 12));
        appendEscaped(sb, 0x80 | ((c >> 6) & 0x3F));
        appendEscaped(sb, 0x80 | (c & 0x3F));
      }
    }
    return sb.length() <= MAX_BYTES;
  }

  private static void appendEscaped(StringBuilder sb, int b) {
    sb.append('%').append(HEX_UPPER[(b >> 4) & 0xF]).append(HEX_UPPER[b & 0xF]);
  }

  /**
   * Percent-decodes {@code s[start, end)} (already known to be baggage-octets) as UTF-8; null when a {@code '%'} is not
   * followed by two hex digits. Without any {@code '%'} this is a plain substring.
   */
  private static String decode(CharSequence s, int start, int end) {
    int firstPercent = -1;
    for (int i = start; i < end; i++) {
      if (s.charAt(i) == '%') {
        firstPercent = i;
        break;
      }
    }
    if (firstPercent < 0) {
      return s.subSequence(start, end).toString();
    }
    byte[] bytes = new byte[end - start];
    int n = 0;
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= end) {
          return null;
        }
        int hi = hexDigit(s.charAt(i + 1));
        int lo = hexDigit(s.charAt(i + 2));
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes[n++] = (byte) ((hi << 4) | lo);
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8);
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * True when {@code s[start, end)} (trimmed) is {@code property *( OWS ";" OWS property )} with {@code property = key
   * OWS "=" OWS value / key OWS}.
   */
  static boolean isProperties(CharSequence s, int start, int end) {
    int i = start;
    while (true) {
      int keyEnd = i;
      while (keyEnd < end && isTchar(s.charAt(keyEnd))) {
        keyEnd++;
      }
      if (keyEnd == i) {
        return false;
      }
      i = skipOws(s, keyEnd, end);
      if (i < end && s.charAt(i) == '=') {
        i = skipOws(s, i + 1, end);
        while (i < end && isBaggageOctet(s.charAt(i))) {
          i++;
        }
        i = skipOws(s, i, end);
      }
      if (i == end) {
        return true;
      }
      if (s.charAt(i) != ';') {
        return false;
      }
      i = skipOws(s, i + 1, end);
    }
  }

  /** RFC 7230 §3.2.6 {@code token = 1*tchar}. */
  static boolean isToken(CharSequence s, int start, int end) {
    if (start >= end) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (!isTchar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT /
   * ALPHA}.
   */
  private static boolean isTchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    switch (c) {
      case '!':
      case '#':
      case '$':
      case '%':
      case '&':
      case '\'':
      case '*':
      case '+':
      case '-':
      case '.':
      case '^':
      case '_':
      case '`':
      case '|':
      case '~':
        return true;
      default:
        return false;
    }
  }

  /** {@code %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E}: printable ASCII but {@code " , ; \} and space. */
  private static boolean isBaggageOctet(char c) {
    return c >= 0x21 && c <= 0x7E && c != '"' && c != ',' && c != ';' && c != '\\';
  }

  static int skipOws(CharSequence s, int start, int end) {
    while (start < end && TraceparentCodec.isOws(s.charAt(start))) {
      start++;
    }
    return start;
  }

  static int trimOwsEnd(CharSequence s, int start, int end) {
    while (end > start && TraceparentCodec.isOws(s.charAt(end - 1))) {
      end--;
    }
    return end;
  }
}
