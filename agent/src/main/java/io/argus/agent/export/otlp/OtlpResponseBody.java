package io.argus.agent.export.otlp;

import java.nio.charset.StandardCharsets;

/**
 * Reads the two protobuf messages a collector answers with: {@code ExportTraceServiceResponse} on success (its {@code
 * partial_success} says how many spans it rejected, and why) and {@code google.rpc.Status} on failure (its {@code
 * message} says what was wrong). A body that is not such a message (a proxy's HTML page, say) yields nothing rather
 * than an error: the status code already tells the outcome.
 */
final class OtlpResponseBody {
  private static final int RESPONSE_PARTIAL_SUCCESS = 1;
  private static final int PARTIAL_REJECTED_SPANS = 1;
  private static final int PARTIAL_ERROR_MESSAGE = 2;
  private static final int STATUS_MESSAGE = 2;

  private OtlpResponseBody() {}

  /** What a successful response's {@code partial_success} holds; null if it holds nothing or cannot be read. */
  static PartialSuccess partialSuccess(byte[] body, int length) {
    try {
      Reader response = new Reader(body, 0, length);
      while (response.next()) {
        if (response.field == RESPONSE_PARTIAL_SUCCESS && response.wireType == ProtobufWriter.LENGTH_DELIMITED) {
          Reader partial = response.nested();
          long rejected = 0;
          String message = "";
          while (partial.next()) {
            if (partial.field == PARTIAL_REJECTED_SPANS && partial.wireType == ProtobufWriter.VARINT) {
              rejected = partial.varintValue;
            } else if (partial.field == PARTIAL_ERROR_MESSAGE && partial.wireType == ProtobufWriter.LENGTH_DELIMITED) {
              message = partial.string();
            }
          }
          return rejected == 0 && message.isEmpty() ? null : new PartialSuccess(rejected, message);
        }
      }
    } catch (RuntimeException notProtobuf) {
      // fall through: nothing readable
    }
    return null;
  }

  /**
   * The {@code message} of a failure's {@code google.rpc.Status}; else the body as text if it looks like text (at most
   * 200 characters); else empty.
   */
  static String failureMessage(byte[] body, int length) {
    try {
      Reader status = new Reader(body, 0, length);
      while (status.next()) {
        if (status.field == STATUS_MESSAGE && status.wireType == ProtobufWriter.LENGTH_DELIMITED) {
          return status.string();
        }
      }
    } catch (RuntimeException notProtobuf) {
      // fall back to text
    }
    String text = new String(body, 0, Math.min(length, 200), StandardCharsets.UTF_8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
        return "";
      }
    }
    return text.trim();
  }

  static final class PartialSuccess {
    final long rejectedSpans;
    final String message;

    PartialSuccess(long rejectedSpans, String message) {
      this.rejectedSpans = rejectedSpans;
      this.message = message;
    }
  }

  /** Walks the fields of one message; throws IllegalArgumentException on bytes that are not protobuf. */
  private static final class Reader {
    private final byte[] bytes;
    private int position;
    private final int end;
    int field;
    int wireType;
    long varintValue;
    private int valueStart;
    private int valueLength;

    Reader(byte[] bytes, int start, int end) {
      this.bytes = bytes;
      this.position = start;
      this.end = end;
    }

    boolean next() {
      if (position >= end) {
        return false;
      }
      long tag = readVarint();
      field = (int) (tag >>> 3);
      wireType = (int) (tag & 7);
      if (field == 0) {
        throw new IllegalArgumentException("field number 0");
      }
      switch (wireType) {
        case ProtobufWriter.VARINT:
          varintValue = readVarint();
          break;
        case ProtobufWriter.FIXED64:
          skip(8);
          break;
        case ProtobufWriter.LENGTH_DELIMITED:
          long length = readVarint();
          if (length < 0 || length > end - position) {
            throw new IllegalArgumentException("length beyond the message");
          }
          valueStart = position;
          valueLength = (int) length;
          skip(valueLength);
          break;
        case ProtobufWriter.FIXED32:
          skip(4);
          break;
        default:
          throw new IllegalArgumentException("wire type " + wireType);
      }
      return true;
    }

    Reader nested() {
      return new Reader(bytes, valueStart, valueStart + valueLength);
    }

    String string() {
      return new String(bytes, valueStart, valueLength, StandardCharsets.UTF_8);
    }

    private long readVarint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        if (position >= end) {
          throw new IllegalArgumentException("truncated varint");
        }
        byte b = bytes[position++];
        value |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("varint too long");
    }

    private void skip(int count) {
      if (count > end - position) {
        throw new IllegalArgumentException("truncated field");
      }
      position += count;
    }
  }
}
