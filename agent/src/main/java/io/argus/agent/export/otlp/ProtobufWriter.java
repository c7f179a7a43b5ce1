package io.argus.agent.export.otlp;

import io.argus.bootstrap.propagation.TraceparentCodec;
import java.util.Arrays;

/**
 * Protocol-buffers wire format written into one growable byte array that is reused from batch to batch.
 *
 * <p>A nested message's length precedes its content but is only known after it: {@link #beginMessage} leaves room for
 * the longest length prefix, and {@link #endMessage} writes the prefix and moves the content back over the unused
 * room. That costs one copy of each message per nesting level (a few hundred bytes per span) and no size-computing
 * pass and no objects, where OpenTelemetry's marshalers build a tree of sized marshaler objects first.
 */
final class ProtobufWriter {
  static final int VARINT = 0;
  static final int FIXED64 = 1;
  static final int LENGTH_DELIMITED = 2;
  static final int FIXED32 = 5;

  /** A message's length prefix takes at most five bytes (lengths are below 2^31). */
  private static final int LENGTH_ROOM = 5;

  private byte[] buffer;
  private int position;

  ProtobufWriter(int initialCapacity) {
    buffer = new byte[Math.max(64, initialCapacity)];
  }

  void reset() {
    position = 0;
  }

  int size() {
    return position;
  }

  /** The written bytes are {@code array()[0 .. size())}; valid until the next write. */
  byte[] array() {
    return buffer;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, position);
  }

  /** Starts a length-delimited field holding a message; returns the mark to give {@link #endMessage}. */
  int beginMessage(int field) {
    tag(field, LENGTH_DELIMITED);
    ensure(LENGTH_ROOM);
    int mark = position;
    position += LENGTH_ROOM;
    return mark;
  }

  void endMessage(int mark) {
    int contentStart = mark + LENGTH_ROOM;
    int length = position - contentStart;
    int prefix = varintSize(length);
    int at = mark;
    int value = length;
    while ((value & ~0x7F) != 0) {
      buffer[at++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[at] = (byte) value;
    if (prefix < LENGTH_ROOM) {
      System.arraycopy(buffer, contentStart, buffer, mark + prefix, length);
      position -= LENGTH_ROOM - prefix;
    }
  }

  void tag(int field, int wireType) {
    varint((field << 3) | wireType);
  }

  void varintField(int field, long value) {
    tag(field, VARINT);
    varint(value);
  }

  void boolField(int field, boolean value) {
    tag(field, VARINT);
    ensure(1);
    buffer[position++] = (byte) (value ? 1 : 0);
  }

  void fixed64Field(int field, long value) {
    tag(field, FIXED64);
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buffer[position++] = (byte) (value >>> (8 * i));
    }
  }

  void doubleField(int field, double value) {
    fixed64Field(field, Double.doubleToRawLongBits(value));
  }

  void fixed32Field(int field, int value) {
    tag(field, FIXED32);
    ensure(4);
    for (int i = 0; i < 4; i++) {
      buffer[position++] = (byte) (value >>> (8 * i));
    }
  }

  /**
   * A string field, written even when empty (callers skip proto3 defaults themselves; a oneof must not skip).
   * {@code String.getBytes(int, int, byte[], int)} is deprecated because it drops each char's high byte, which is
   * exactly right for ASCII.
   */
  @SuppressWarnings("deprecation")
  void stringField(int field, String value) {
    tag(field, LENGTH_DELIMITED);
    int chars = value.length();
    if (isAscii(value, chars)) {
      // Almost every string a span holds: its bytes are its chars, copied in one go (an intrinsic for compact strings).
      varint(chars);
      ensure(chars);
      value.getBytes(0, chars, buffer, position);
      position += chars;
      return;
    }
    int length = utf8Length(value);
    varint(length);
    ensure(length);
    writeUtf8(value);
  }

  private static boolean isAscii(String text, int chars) {
    for (int i = 0; i < chars; i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  void bytesField(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    ensure(value.length);
    System.arraycopy(value, 0, buffer, position, value.length);
    position += value.length;
  }

  /**
   * A trace or span id given as lowercase hex text (32 or 16 characters, as {@code SpanContext} holds them), written
   * as the bytes it spells; text that is not such hex is written as zero bytes, the invalid id.
   */
  void hexBytesField(int field, String hex) {
    int length = hex.length() / 16 * 8;
    tag(field, LENGTH_DELIMITED);
    varint(length);
    ensure(length);
    for (int chunk = 0; chunk < length * 2; chunk += 16) {
      bigEndian(TraceparentCodec.parseHexLong(hex, chunk));
    }
  }

  /** A trace id given as its two halves: the 16 bytes, high half first. */
  void idField(int field, long high, long low) {
    tag(field, LENGTH_DELIMITED);
    varint(16);
    ensure(16);
    bigEndian(high);
    bigEndian(low);
  }

  /** A span id: its 8 bytes. */
  void idField(int field, long id) {
    tag(field, LENGTH_DELIMITED);
    varint(8);
    ensure(8);
    bigEndian(id);
  }

  private void bigEndian(long value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[position++] = (byte) (value >>> shift);
    }
  }

  void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[position++] = (byte) value;
  }

  static int varintSize(long value) {
    int size = 1;
    while ((value & ~0x7FL) != 0) {
      value >>>= 7;
      size++;
    }
    return size;
  }

  /** UTF-8 length of the text; an unpaired surrogate counts as the one byte of the '?' it is written as. */
  static int utf8Length(String text) {
    int length = text.length();
    int bytes = length;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 2; // four bytes for the two chars
        i++;
      } else if (Character.isSurrogate(c)) {
        // unpaired: written as '?'
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }

  private void writeUtf8(String text) {
    byte[] out = buffer;
    int at = position;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        out[at++] = (byte) c;
      } else if (c < 0x800) {
        out[at++] = (byte) (0xC0 | (c >>> 6));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        int codePoint = Character.toCodePoint(c, text.charAt(++i));
        out[at++] = (byte) (0xF0 | (codePoint >>> 18));
        out[at++] = (byte) (0x80 | ((codePoint >>> 12) & 0x3F));
        out[at++] = (byte) (0x80 | ((codePoint >>> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (codePoint & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out[at++] = (byte) '?';
      } else {
        out[at++] = (byte) (0xE0 | (c >>> 12));
        out[at++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        out[at++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    position = at;
  }

  private void ensure(int more) {
    if (position + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
    }
  }
}
