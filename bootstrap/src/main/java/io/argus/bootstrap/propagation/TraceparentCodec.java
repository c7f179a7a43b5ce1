package io.argus.bootstrap.propagation;

import io.argus.bootstrap.SpanContext;
import java.nio.charset.StandardCharsets;

/**
 * The W3C Trace Context {@code traceparent} header (https://www.w3.org/TR/trace-context/#traceparent-header).
 *
 * <pre>
 * value          = version "-" version-format
 * version        = 2HEXDIGLC                     ; "ff" is forbidden
 * version-format = trace-id "-" parent-id "-" trace-flags
 * trace-id       = 32HEXDIGLC                    ; all zeroes forbidden
 * parent-id      = 16HEXDIGLC                    ; all zeroes forbidden
 * trace-flags    = 2HEXDIGLC
 * </pre>
 *
 * <p>Parsing never throws: an invalid value yields {@code null}, which callers treat as "start a new trace". Only
 * lowercase hex is accepted (the ABNF is {@code HEXDIGLC}). Parsing allocates nothing but the resulting {@link
 * SpanContext}; formatting allocates only the resulting {@link String}.
 */
public final class TraceparentCodec {
  /** Length of a version-00 traceparent: 2 + 1 + 32 + 1 + 16 + 1 + 2. */
  public static final int LENGTH = 55;

  private static final int TRACE_ID_OFFSET = 3;
  private static final int SPAN_ID_OFFSET = 36;
  private static final int FLAGS_OFFSET = 53;

  private static final byte[] HEX_BYTES = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

  /**
   * Where each thread writes the text before it becomes a string: a traceparent is formatted for every outgoing
   * request, and a char[] per call was as big as the string itself.
   */
  private static final ThreadLocal<byte[]> SCRATCH =
      new ThreadLocal<byte[]>() {
        @Override
        protected byte[] initialValue() {
          return new byte[LENGTH];
        }
      };

  /** Lowercase hex digit value by ASCII code, -1 for anything else. */
  private static final byte[] HEX_VALUE = new byte[128];

  static {
    for (int i = 0; i < HEX_VALUE.length; i++) {
      HEX_VALUE[i] = -1;
    }
    for (int i = 0; i < HEX_BYTES.length; i++) {
      HEX_VALUE[HEX_BYTES[i]] = (byte) i;
    }
  }

  private TraceparentCodec() {}

  /**
   * Parses a traceparent header value; returns a remote SpanContext (remote=true, traceState EMPTY) or null when
   * invalid.
   */
  public static SpanContext parse(CharSequence traceparent) {
    return parse(traceparent, null);
  }

  /**
   * Like {@link #parse(CharSequence)}, then attaches the parsed tracestate ({@link TraceState#parse(CharSequence)}).
   * The tracestate is not even looked at when the traceparent is invalid (W3C Trace Context §3.3: "If the vendor
   * failed to parse traceparent, it MUST NOT attempt to parse tracestate"); an invalid tracestate never invalidates a
   * valid traceparent, it is just dropped.
   */
  public static SpanContext parse(CharSequence traceparent, CharSequence tracestate) {
    if (traceparent == null) {
      return null;
    }
    int start = 0;
    int end = traceparent.length();
    // OWS around the whole field value is not part of it (RFC 7230 §3.2.4); the W3C test suite sends " \t00-...".
    while (start < end && isOws(traceparent.charAt(start))) {
      start++;
    }
    while (end > start && isOws(traceparent.charAt(end - 1))) {
      end--;
    }
    int length = end - start;
    if (length < LENGTH) {
      return null;
    }
    int v1 = hexValue(traceparent.charAt(start));
    int v2 = hexValue(traceparent.charAt(start + 1));
    if (v1 < 0 || v2 < 0) {
      return null;
    }
    int version = (v1 << 4) | v2;
    if (version == 0xff) {
      return null; // §3.2.2.2: version ff is invalid.
    }
    if (version == 0) {
      if (length != LENGTH) {
        return null; // Version 00 has exactly four fields and nothing after them.
      }
    } else if (length > LENGTH && traceparent.charAt(start + LENGTH) != '-') {
      // §3.2.4 versioning: a higher version may append fields, but the flags must be followed by a dash.
      return null;
    }
    if (!isVersion00Layout(traceparent, start)) {
      return null;
    }
    long traceIdHigh = parseHexLongUnchecked(traceparent, start + TRACE_ID_OFFSET);
    long traceIdLow = parseHexLongUnchecked(traceparent, start + TRACE_ID_OFFSET + 16);
    long spanId = parseHexLongUnchecked(traceparent, start + SPAN_ID_OFFSET);
    if ((traceIdHigh == 0 && traceIdLow == 0) || spanId == 0) {
      return null; // All-zero trace-id / parent-id are invalid.
    }
    byte flags =
        (byte)
            ((hexValue(traceparent.charAt(start + FLAGS_OFFSET)) << 4)
                | hexValue(traceparent.charAt(start + FLAGS_OFFSET + 1)));
    TraceState traceState = tracestate == null ? TraceState.EMPTY : TraceState.parse(tracestate);
    return new SpanContext(traceIdHigh, traceIdLow, spanId, flags, traceState, true);
  }

  /** {@code "00-<32 hex>-<16 hex>-<2 hex>"}, lowercase; {@code null} for a {@code null} context. */
  public static String format(SpanContext context) {
    if (context == null) {
      return null;
    }
    return format(context.traceIdHigh(), context.traceIdLow(), context.spanId(), context.traceFlags());
  }

  /** {@code "00-<32 hex>-<16 hex>-<2 hex>"}, lowercase. Always writes version 00, whatever version was received. */
  public static String format(long traceIdHigh, long traceIdLow, long spanId, byte traceFlags) {
    byte[] text = SCRATCH.get();
    text[0] = '0';
    text[1] = '0';
    text[2] = '-';
    writeHex(traceIdHigh, text, TRACE_ID_OFFSET);
    writeHex(traceIdLow, text, TRACE_ID_OFFSET + 16);
    text[TRACE_ID_OFFSET + 32] = '-';
    writeHex(spanId, text, SPAN_ID_OFFSET);
    text[SPAN_ID_OFFSET + 16] = '-';
    text[FLAGS_OFFSET] = HEX_BYTES[(traceFlags >> 4) & 0xF];
    text[FLAGS_OFFSET + 1] = HEX_BYTES[traceFlags & 0xF];
    return new String(text, 0, LENGTH, StandardCharsets.ISO_8859_1);
  }

  /** 32 lowercase hex chars. */
  public static String traceIdHex(long high, long low) {
    byte[] text = SCRATCH.get();
    writeHex(high, text, 0);
    writeHex(low, text, 16);
    return new String(text, 0, 32, StandardCharsets.ISO_8859_1);
  }

  /** 16 lowercase hex chars. */
  public static String spanIdHex(long spanId) {
    byte[] text = SCRATCH.get();
    writeHex(spanId, text, 0);
    return new String(text, 0, 16, StandardCharsets.ISO_8859_1);
  }

  /**
   * Parses 16 lowercase hex chars at {@code offset}; used by exporters and tests, which validate their input. Never
   * throws: returns 0 (itself an invalid id) when {@code s} is null, too short, or the 16 chars are not lowercase hex.
   */
  public static long parseHexLong(CharSequence s, int offset) {
    if (s == null || offset < 0 || offset > s.length() - 16 || !isLowerHex(s, offset, offset + 16)) {
      return 0;
    }
    return parseHexLongUnchecked(s, offset);
  }

  /** Dashes at 2, 35, 52 and lowercase hex everywhere else in the first 55 chars after {@code start}. */
  private static boolean isVersion00Layout(CharSequence s, int start) {
    return s.charAt(start + 2) == '-'
        && s.charAt(start + TRACE_ID_OFFSET + 32) == '-'
        && s.charAt(start + SPAN_ID_OFFSET + 16) == '-'
        && isLowerHex(s, start + TRACE_ID_OFFSET, start + TRACE_ID_OFFSET + 32)
        && isLowerHex(s, start + SPAN_ID_OFFSET, start + SPAN_ID_OFFSET + 16)
        && isLowerHex(s, start + FLAGS_OFFSET, start + FLAGS_OFFSET + 2);
  }

  /** Whether the characters from {@code from} to {@code to} are all lowercase hex digits (W3C ids' alphabet). */
  public static boolean isLowerHex(CharSequence s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (hexValue(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static long parseHexLongUnchecked(CharSequence s, int offset) {
    long value = 0;
    for (int i = offset; i < offset + 16; i++) {
      value = (value << 4) | HEX_VALUE[s.charAt(i)];
    }
    return value;
  }

  private static int hexValue(char c) {
    return c < 128 ? HEX_VALUE[c] : -1;
  }

  private static void writeHex(long value, byte[] dest, int offset) {
    for (int i = 15; i >= 0; i--) {
      dest[offset + i] = HEX_BYTES[(int) value & 0xF];
      value >>>= 4;
    }
  }

  static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }
}
