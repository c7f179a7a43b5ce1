package io.argus.bootstrap.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.argus.bootstrap.SpanContext;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * W3C Trace Context §3.2 (traceparent). Most inputs come from the W3C test suite, w3c/trace-context test/test.py.
 */
class TraceparentCodecTest {
  private static final String VALID = "00-12345678901234567890123456789012-1234567890123456-01";
  private static final String TRACE_ID = "12345678901234567890123456789012";

  @Test
  void validTraceparentIsParsedIntoItsFields() {
    SpanContext context = TraceparentCodec.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    assertThat(context).isNotNull();
    assertThat(context.traceIdHigh()).isEqualTo(0x4bf92f3577b34da6L);
    assertThat(context.traceIdLow()).isEqualTo(0xa3ce929d0e0e4736L);
    assertThat(context.spanId()).isEqualTo(0x00f067aa0ba902b7L);
    assertThat(context.traceFlags()).isEqualTo((byte) 0x01);
    assertThat(context.isSampled()).isTrue();
  }

  @Test
  void parsedContextIsRemoteWithEmptyTraceState() {
    SpanContext context = TraceparentCodec.parse(VALID);

    assertThat(context.isRemote()).isTrue();
    assertThat(context.traceState()).isSameAs(TraceState.EMPTY);
    assertThat(context.isValid()).isTrue();
  }

  @Test
  void unsampledFlagIsRead() {
    SpanContext context = TraceparentCodec.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");

    assertThat(context.isSampled()).isFalse();
  }

  @Test
  void traceFlagsAreKeptAsReceived() {
    // §3.2.2.5: trace-flags is a bit field; unknown bits are carried, not interpreted or cleared here.
    assertThat(TraceparentCodec.parse("00-" + TRACE_ID + "-1234567890123456-ff").traceFlags()).isEqualTo((byte) 0xff);
    assertThat(TraceparentCodec.parse("00-" + TRACE_ID + "-1234567890123456-09").traceFlags()).isEqualTo((byte) 0x09);
    assertThat(TraceparentCodec.parse("00-" + TRACE_ID + "-1234567890123456-02").isSampled()).isFalse();
  }

  @Test
  void idsWithTheHighBitSetAreParsedAsNegativeLongs() {
    SpanContext context =
        TraceparentCodec.parse("00-ffffffffffffffff8000000000000000-fedcba9876543210-01");

    assertThat(context.traceIdHigh()).isEqualTo(-1L);
    assertThat(context.traceIdLow()).isEqualTo(Long.MIN_VALUE);
    assertThat(context.spanId()).isEqualTo(0xfedcba9876543210L);
  }

  @Test
  void traceIdWithOnlyOneZeroHalfIsValid() {
    assertThat(TraceparentCodec.parse("00-00000000000000000000000000000001-1234567890123456-01")).isNotNull();
    assertThat(TraceparentCodec.parse("00-10000000000000000000000000000000-1234567890123456-01")).isNotNull();
  }

  @Test
  void anyCharSequenceIsAccepted() {
    assertThat(TraceparentCodec.parse(new StringBuilder(VALID))).isNotNull();
  }

  @Test
  void nullTraceparentIsRejected() {
    assertThat(TraceparentCodec.parse(null)).isNull();
    assertThat(TraceparentCodec.parse(null, "foo=1")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t \t", "00", "00-"})
  void emptyOrTruncatedTraceparentIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        " 00-12345678901234567890123456789012-1234567890123456-01",
        "\t00-12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456-01 ",
        "00-12345678901234567890123456789012-1234567890123456-01\t",
        "\t 00-12345678901234567890123456789012-1234567890123456-01 \t"
      })
  void surroundingOptionalWhitespaceIsTolerated(String value) {
    // test_traceparent_ows_handling: OWS around the field value is not part of it (RFC 7230 §3.2.4).
    SpanContext context = TraceparentCodec.parse(value);

    assertThat(context).isNotNull();
    assertThat(TraceparentCodec.traceIdHex(context.traceIdHigh(), context.traceIdLow())).isEqualTo(TRACE_ID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\n00-12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456-01\r\n",
        "00-12345678901234567890123456789012-1234567890123456-01\u00a0"
      })
  void whitespaceOtherThanSpaceAndTabIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00 -12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012 -1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456- 01"
      })
  void whitespaceInsideTheValueIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @Test
  void versionFfIsRejected() {
    // §3.2.2.1: version ff is forbidden.
    assertThat(TraceparentCodec.parse("ff-12345678901234567890123456789012-1234567890123456-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".0-12345678901234567890123456789012-1234567890123456-01",
        "0.-12345678901234567890123456789012-1234567890123456-01",
        "0A-12345678901234567890123456789012-1234567890123456-01",
        "CC-12345678901234567890123456789012-1234567890123456-01"
      })
  void versionWithIllegalCharactersIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "000-12345678901234567890123456789012-1234567890123456-01",
        "0000-12345678901234567890123456789012-1234567890123456-01"
      })
  void versionLongerThanTwoHexDigitsIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @Test
  void versionShorterThanTwoHexDigitsIsRejected() {
    assertThat(TraceparentCodec.parse("0-12345678901234567890123456789012-1234567890123456-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-12345678901234567890123456789012-1234567890123456-01.",
        "00-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like"
      })
  void version00WithTrailingCharactersIsRejected(String value) {
    // test_traceparent_version_0x00: version 00 is exactly 55 characters.
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @Test
  void futureVersionOfExactly55CharactersIsAccepted() {
    SpanContext context = TraceparentCodec.parse("cc-12345678901234567890123456789012-1234567890123456-01");

    assertThat(context).isNotNull();
    assertThat(TraceparentCodec.traceIdHex(context.traceIdHigh(), context.traceIdLow())).isEqualTo(TRACE_ID);
  }

  @Test
  void futureVersionWithDashSeparatedExtraFieldsIsParsedAsVersion00() {
    // §3.2.4: a higher version is parsed like 00 when the flags are followed by a dash; unknown fields are ignored.
    SpanContext context =
        TraceparentCodec.parse("cc-12345678901234567890123456789012-1234567890123456-01-what-the-future-will-be-like");

    assertThat(context).isNotNull();
    assertThat(context.spanId()).isEqualTo(0x1234567890123456L);
    assertThat(context.traceFlags()).isEqualTo((byte) 0x01);
  }

  @Test
  void futureVersionWithoutDashAfterTheFlagsIsRejected() {
    assertThat(TraceparentCodec.parse("cc-12345678901234567890123456789012-1234567890123456-01.what-the-future-will-be-like"))
        .isNull();
  }

  @Test
  void futureVersionShorterThan55CharactersIsRejected() {
    assertThat(TraceparentCodec.parse("cc-12345678901234567890123456789012-1234567890123456-1")).isNull();
  }

  @Test
  void futureVersionIsDowngradedTo00WhenFormatted() {
    // §3.5 "Downgrade the version": we only ever write the highest version we know, 00.
    SpanContext context = TraceparentCodec.parse("01-12345678901234567890123456789012-1234567890123456-01-extra");

    assertThat(TraceparentCodec.format(context)).isEqualTo(VALID);
  }

  @Test
  void allZeroTraceIdIsRejected() {
    assertThat(TraceparentCodec.parse("00-00000000000000000000000000000000-1234567890123456-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-.2345678901234567890123456789012-1234567890123456-01",
        "00-1234567890123456789012345678901.-1234567890123456-01",
        "00-1234567890123456789012345678901g-1234567890123456-01"
      })
  void traceIdWithIllegalCharactersIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @Test
  void uppercaseTraceIdIsRejected() {
    // §3.2.2: HEXDIGLC, lowercase only.
    assertThat(TraceparentCodec.parse("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01")).isNull();
  }

  @Test
  void traceIdLongerThan32HexDigitsIsRejected() {
    assertThat(TraceparentCodec.parse("00-123456789012345678901234567890123-1234567890123456-01")).isNull();
  }

  @Test
  void traceIdShorterThan32HexDigitsIsRejected() {
    assertThat(TraceparentCodec.parse("00-1234567890123456789012345678901-1234567890123456-01")).isNull();
  }

  @Test
  void allZeroParentIdIsRejected() {
    assertThat(TraceparentCodec.parse("00-12345678901234567890123456789012-0000000000000000-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-12345678901234567890123456789012-.234567890123456-01",
        "00-12345678901234567890123456789012-123456789012345.-01"
      })
  void parentIdWithIllegalCharactersIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @Test
  void uppercaseParentIdIsRejected() {
    assertThat(TraceparentCodec.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01")).isNull();
  }

  @Test
  void parentIdLongerThan16HexDigitsIsRejected() {
    assertThat(TraceparentCodec.parse("00-12345678901234567890123456789012-12345678901234567-01")).isNull();
  }

  @Test
  void parentIdShorterThan16HexDigitsIsRejected() {
    assertThat(TraceparentCodec.parse("00-12345678901234567890123456789012-123456789012345-01")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00-12345678901234567890123456789012-1234567890123456-.0",
        "00-12345678901234567890123456789012-1234567890123456-0.",
        "00-12345678901234567890123456789012-1234567890123456-0F"
      })
  void traceFlagsWithIllegalCharactersIsRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @Test
  void traceFlagsLongerThanTwoHexDigitsIsRejected() {
    assertThat(TraceparentCodec.parse("00-12345678901234567890123456789012-1234567890123456-001")).isNull();
  }

  @Test
  void traceFlagsShorterThanTwoHexDigitsIsRejected() {
    assertThat(TraceparentCodec.parse("00-12345678901234567890123456789012-1234567890123456-1")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00_12345678901234567890123456789012-1234567890123456-01",
        "00-12345678901234567890123456789012_1234567890123456-01",
        "00-12345678901234567890123456789012-1234567890123456_01",
        "00-1234567890123456789012345678901-21234567890123456-01"
      })
  void misplacedOrMissingDashesAreRejected(String value) {
    assertThat(TraceparentCodec.parse(value)).isNull();
  }

  @Test
  void nonAsciiDigitsAreRejected() {
    // Character.digit would accept U+0661 ARABIC-INDIC DIGIT ONE; the ABNF accepts only ASCII.
    assertThat(TraceparentCodec.parse("00-1234567890123456789012345678901\u0661-1234567890123456-01")).isNull();
  }

  @Test
  void tracestateIsAttachedToAValidTraceparent() {
    SpanContext context = TraceparentCodec.parse(VALID, "foo=1,bar=2");

    assertThat(context.traceState().toHeader()).isEqualTo("foo=1,bar=2");
    assertThat(context.isRemote()).isTrue();
  }

  @Test
  void invalidTracestateIsDroppedButTraceparentIsStillUsed() {
    // §3.3: failure to parse tracestate MUST NOT affect the parsing of traceparent.
    SpanContext context = TraceparentCodec.parse(VALID, "foo=1,foo=2");

    assertThat(context).isNotNull();
    assertThat(context.traceState()).isSameAs(TraceState.EMPTY);
  }

  @Test
  void tracestateIsIgnoredWhenTraceparentIsInvalid() {
    assertThat(TraceparentCodec.parse("00-00000000000000000000000000000000-1234567890123456-01", "foo=1")).isNull();
  }

  @Test
  void missingTracestateGivesEmptyTraceState() {
    assertThat(TraceparentCodec.parse(VALID, null).traceState()).isSameAs(TraceState.EMPTY);
    assertThat(TraceparentCodec.parse(VALID, "").traceState()).isSameAs(TraceState.EMPTY);
  }

  @Test
  void formatWritesVersion00InLowercase() {
    String header = TraceparentCodec.format(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, (byte) 1);

    assertThat(header).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  }

  @Test
  void formatPadsSmallIdsWithZeros() {
    assertThat(TraceparentCodec.format(0L, 1L, 2L, (byte) 0))
        .isEqualTo("00-00000000000000000000000000000001-0000000000000002-00");
  }

  @Test
  void formatWritesAllFlagBits() {
    assertThat(TraceparentCodec.format(1L, 1L, 1L, (byte) 0xff)).endsWith("-ff");
    assertThat(TraceparentCodec.format(1L, 1L, 1L, (byte) 0x80)).endsWith("-80");
  }

  @Test
  void formatOfContextUsesItsFields() {
    SpanContext context = new SpanContext(-1L, Long.MIN_VALUE, 0xabcdefL, (byte) 1, null, false);

    assertThat(TraceparentCodec.format(context))
        .isEqualTo("00-ffffffffffffffff8000000000000000-0000000000abcdef-01");
  }

  @Test
  void formatOfNullContextIsNull() {
    assertThat(TraceparentCodec.format((SpanContext) null)).isNull();
  }

  @Test
  void formatThenParseRoundTrips() {
    Random random = new Random(42);
    for (int i = 0; i < 1000; i++) {
      long high = random.nextLong();
      long low = random.nextLong() | 1;
      long span = random.nextLong() | 1;
      byte flags = (byte) random.nextInt(256);

      SpanContext parsed = TraceparentCodec.parse(TraceparentCodec.format(high, low, span, flags));

      assertThat(parsed.traceIdHigh()).isEqualTo(high);
      assertThat(parsed.traceIdLow()).isEqualTo(low);
      assertThat(parsed.spanId()).isEqualTo(span);
      assertThat(parsed.traceFlags()).isEqualTo(flags);
    }
  }

  @Test
  void textsFormattedOneAfterAnotherOnAThreadStayApart() {
    String first = TraceparentCodec.format(1L, 2L, 3L, (byte) 1);
    String traceId = TraceparentCodec.traceIdHex(-1L, -1L);
    String spanId = TraceparentCodec.spanIdHex(0xabL);
    String second = TraceparentCodec.format(4L, 5L, 6L, (byte) 0);

    assertThat(first).isEqualTo("00-00000000000000010000000000000002-0000000000000003-01");
    assertThat(traceId).isEqualTo("ffffffffffffffffffffffffffffffff");
    assertThat(spanId).isEqualTo("00000000000000ab");
    assertThat(second).isEqualTo("00-00000000000000040000000000000005-0000000000000006-00");
  }

  @Test
  void traceIdHexIs32LowercaseHexChars() {
    assertThat(TraceparentCodec.traceIdHex(0L, 0xabL)).isEqualTo("000000000000000000000000000000ab");
    assertThat(TraceparentCodec.traceIdHex(-1L, 0L)).isEqualTo("ffffffffffffffff0000000000000000");
  }

  @Test
  void spanIdHexIs16LowercaseHexChars() {
    assertThat(TraceparentCodec.spanIdHex(0xabL)).isEqualTo("00000000000000ab");
    assertThat(TraceparentCodec.spanIdHex(Long.MIN_VALUE)).isEqualTo("8000000000000000");
  }

  @Test
  void parseHexLongReadsSixteenCharsAtTheOffset() {
    assertThat(TraceparentCodec.parseHexLong("xx00f067aa0ba902b7yy", 2)).isEqualTo(0x00f067aa0ba902b7L);
    assertThat(TraceparentCodec.parseHexLong("ffffffffffffffff", 0)).isEqualTo(-1L);
  }

  @Test
  void parseHexLongIsTheInverseOfSpanIdHex() {
    Random random = new Random(7);
    for (int i = 0; i < 1000; i++) {
      long value = random.nextLong();
      assertThat(TraceparentCodec.parseHexLong(TraceparentCodec.spanIdHex(value), 0)).isEqualTo(value);
    }
  }

  @Test
  void parseHexLongReturnsZeroInsteadOfThrowingOnBadInput() {
    assertThat(TraceparentCodec.parseHexLong(null, 0)).isZero();
    assertThat(TraceparentCodec.parseHexLong("00f067aa0ba902b", 0)).isZero();
    assertThat(TraceparentCodec.parseHexLong("00f067aa0ba902b7", 1)).isZero();
    assertThat(TraceparentCodec.parseHexLong("00f067aa0ba902b7", -1)).isZero();
    assertThat(TraceparentCodec.parseHexLong("00F067AA0BA902B7", 0)).isZero();
    assertThat(TraceparentCodec.parseHexLong("00f067aa0ba902bz", 0)).isZero();
  }

  @Test
  void spanContextToStringShowsTheTraceparent() {
    assertThat(TraceparentCodec.parse(VALID).toString()).contains(VALID);
  }

  @Test
  void randomGarbageNeverThrows() {
    Random random = new Random(1234);
    String alphabet = "0123456789abcdefABCDEF- \t.\u0000\u00ff\u0661\uffff";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(70);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThatCode(() -> TraceparentCodec.parse(sb, sb)).doesNotThrowAnyException();
    }
  }

  @Test
  void singleCharacterMutationsOfAValidHeaderNeverThrowAndAreValidatedStrictly() {
    Random random = new Random(99);
    String alphabet = "0123456789abcdefABCDEF-. \t";
    for (int i = 0; i < 20_000; i++) {
      char[] chars = VALID.toCharArray();
      int position = random.nextInt(chars.length);
      chars[position] = alphabet.charAt(random.nextInt(alphabet.length()));
      String mutated = new String(chars);

      SpanContext context = TraceparentCodec.parse(mutated);

      if (context != null) {
        // Whatever was accepted must re-format to exactly what was sent (apart from a future version).
        assertThat(TraceparentCodec.format(context).substring(2)).isEqualTo(mutated.substring(2));
        assertThat(mutated.substring(0, 2)).matches("[0-9a-e][0-9a-f]|f[0-9a-e]");
      }
    }
  }
}
