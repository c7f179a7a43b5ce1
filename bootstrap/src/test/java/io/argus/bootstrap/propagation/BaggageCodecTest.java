package io.argus.bootstrap.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C Baggage §3 (header content). Parsing vectors come from w3c/baggage test/baggage/test_baggage.py. */
class BaggageCodecTest {

  private static Baggage manyEntries(int count, String value) {
    Baggage baggage = Baggage.EMPTY;
    for (int i = 0; i < count; i++) {
      baggage = baggage.put("key" + i, value);
    }
    return baggage;
  }

  // ---------------------------------------------------------------- parse

  @Test
  void singleMemberIsParsed() {
    Baggage baggage = BaggageCodec.parse("SomeKey=SomeValue");

    assertThat(baggage.asMap()).containsExactly(Map.entry("SomeKey", "SomeValue"));
    assertThat(baggage.metadata("SomeKey")).isNull();
  }

  @Test
  void membersAreParsedInOrder() {
    Baggage baggage = BaggageCodec.parse("userId=alice,serverNode=DF%2028,isProduction=false");

    assertThat(baggage.asMap())
        .containsExactly(
            Map.entry("userId", "alice"), Map.entry("serverNode", "DF 28"), Map.entry("isProduction", "false"));
  }

  @Test
  void optionalWhitespaceAroundKeysValuesAndMembersIsTrimmed() {
    // §3.2.1.2/3: leading and trailing OWS MUST be trimmed.
    Baggage baggage = BaggageCodec.parse("SomeKey \t = \t SomeValue \t , \t SomeKey2 \t = \t SomeValue2 \t ");

    assertThat(baggage.asMap())
        .containsExactly(Map.entry("SomeKey", "SomeValue"), Map.entry("SomeKey2", "SomeValue2"));
  }

  @Test
  void keyOnlyPropertyBecomesMetadata() {
    Baggage baggage = BaggageCodec.parse("SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;SomeProp2");

    assertThat(baggage.get("SomeKey")).isEqualTo("SomeValue");
    assertThat(baggage.metadata("SomeKey")).isEqualTo("SomeProp");
    assertThat(baggage.metadata("SomeKey2")).isEqualTo("SomeProp2");
  }

  @Test
  void keyValuePropertyBecomesMetadata() {
    Baggage baggage = BaggageCodec.parse("SomeKey=SomeValue;SomePropKey=SomePropValue");

    assertThat(baggage.get("SomeKey")).isEqualTo("SomeValue");
    assertThat(baggage.metadata("SomeKey")).isEqualTo("SomePropKey=SomePropValue");
  }

  @Test
  void propertiesSurroundedByWhitespaceAreParsed() {
    Baggage baggage =
        BaggageCodec.parse(
            "SomeKey \t = \t SomeValue \t ; \t SomePropKey \t = \t SomePropValue \t , \t SomeKey2 \t = \t SomeValue2"
                + " \t ; \t SomeProp2");

    assertThat(baggage.get("SomeKey")).isEqualTo("SomeValue");
    assertThat(baggage.metadata("SomeKey")).isEqualTo("SomePropKey \t = \t SomePropValue");
    assertThat(baggage.get("SomeKey2")).isEqualTo("SomeValue2");
    assertThat(baggage.metadata("SomeKey2")).isEqualTo("SomeProp2");
  }

  @Test
  void severalPropertiesAreKeptAsOneRawString() {
    Baggage baggage = BaggageCodec.parse("key1=value1;property1;property2, key3=value3; propertyKey=propertyValue");

    assertThat(baggage.metadata("key1")).isEqualTo("property1;property2");
    assertThat(baggage.metadata("key3")).isEqualTo("propertyKey=propertyValue");
  }

  @Test
  void propertyValuesAreNotPercentDecoded() {
    // Properties are opaque to the spec (§3.2.1.4).
    assertThat(BaggageCodec.parse("k=v;p=a%20b").metadata("k")).isEqualTo("p=a%20b");
  }

  @Test
  void valueMayContainEqualsSigns() {
    // §3.2.1.3: parsers MUST NOT assume that the equal sign is only used to separate key and value.
    assertThat(BaggageCodec.parse("SomeKey=SomeValue=equals").get("SomeKey")).isEqualTo("SomeValue=equals");
  }

  @Test
  void emptyValueIsAccepted() {
    // value = *baggage-octet
    Baggage baggage = BaggageCodec.parse("a=,b= ;p,c=3");

    assertThat(baggage.asMap()).containsExactly(Map.entry("a", ""), Map.entry("b", ""), Map.entry("c", "3"));
    assertThat(baggage.metadata("b")).isEqualTo("p");
  }

  @Test
  void percentEncodedValueIsDecoded() {
    // test_parse_percent_encoded: urllib.parse.quote("\t \"';=asdf!@#$%^&*()")
    Baggage baggage = BaggageCodec.parse("SomeKey=%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29");

    assertThat(baggage.get("SomeKey")).isEqualTo("\t \"';=asdf!@#$%^&*()");
  }

  @Test
  void percentEncodedUtf8IsDecoded() {
    assertThat(BaggageCodec.parse("k=%E2%82%AC%20%F0%9F%98%80%C3%A9").get("k")).isEqualTo("€ \uD83D\uDE00é");
  }

  @Test
  void lowercasePercentEscapesAreDecoded() {
    assertThat(BaggageCodec.parse("k=%e2%82%ac").get("k")).isEqualTo("€");
  }

  @Test
  void plusSignIsNotASpace() {
    // Percent-encoding (RFC 3986), not application/x-www-form-urlencoded.
    assertThat(BaggageCodec.parse("k=a+b").get("k")).isEqualTo("a+b");
  }

  @Test
  void invalidUtf8DecodesToReplacementCharacters() {
    assertThat(BaggageCodec.parse("k=a%FFb").get("k")).isEqualTo("a\uFFFDb");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad=%", "bad=%4", "bad=%zz", "bad=%4g", "bad=100%", "bad=%%41"})
  void memberWithBrokenPercentEncodingIsSkipped(String member) {
    Baggage baggage = BaggageCodec.parse("a=1," + member + ",b=2");

    assertThat(baggage.asMap()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "noequals",
        "=novalue",
        " = x",
        "k(=v",
        "k\u00e9y=v",
        "k k=v",
        "k=a b",
        "k=\"quoted\"",
        "k=back\\slash",
        "k=caf\u00e9",
        "k=tab\tinside",
        "k=v;",
        "k=v;;p",
        "k=v; ;p",
        "k=v;p q",
        "k=v;=x",
        "k=v;p=\"x\"",
        "k=v x;p"
      })
  void malformedMemberIsSkippedAndTheOthersAreKept(String member) {
    Baggage baggage = BaggageCodec.parse("a=1," + member + ",b=2");

    assertThat(baggage.asMap()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @Test
  void emptyMembersAreSkipped() {
    assertThat(BaggageCodec.parse(",a=1,, \t ,b=2,").asMap())
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", ",", " , ,", "garbage", "a"})
  void headerWithoutAnyValidMemberIsEmpty(String header) {
    assertThat(BaggageCodec.parse(header)).isSameAs(Baggage.EMPTY);
  }

  @Test
  void nullHeaderIsEmpty() {
    assertThat(BaggageCodec.parse(null)).isSameAs(Baggage.EMPTY);
  }

  @Test
  void duplicateKeyKeepsItsFirstPositionAndLastValue() {
    // §3.2.1.1: uniqueness of keys is not guaranteed; the last occurrence wins, in the place of the first.
    Baggage baggage = BaggageCodec.parse("a=1;p,b=2,a=3");

    assertThat(baggage.asMap()).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
    assertThat(baggage.metadata("a")).isNull();
  }

  @Test
  void duplicateKeyInALargeHeaderKeepsItsFirstPositionAndLastValue() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      header.append("key").append(i).append("=v").append(i).append(',');
    }
    header.append("key3=last,key39=last");

    Baggage baggage = BaggageCodec.parse(header);

    assertThat(baggage.size()).isEqualTo(40);
    assertThat(baggage.get("key3")).isEqualTo("last");
    assertThat(baggage.get("key39")).isEqualTo("last");
    assertThat(baggage.asMap().keySet()).startsWith("key0", "key1", "key2", "key3", "key4");
  }

  @Test
  void keysAreCaseSensitive() {
    assertThat(BaggageCodec.parse("Key=1,key=2").size()).isEqualTo(2);
  }

  @Test
  void everyTokenCharacterIsAcceptedInAKey() {
    String key = "!#$%&'*+-.^_`|~09azAZ";

    assertThat(BaggageCodec.parse(key + "=v").get(key)).isEqualTo("v");
  }

  @Test
  void parsingKeepsAtMost64Members() {
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < 5_000; i++) {
      header.append("key").append(i).append("=v,");
    }
    header.append("key3=last");

    Baggage baggage = BaggageCodec.parse(header);

    assertThat(baggage.size()).isEqualTo(BaggageCodec.MAX_MEMBERS);
    assertThat(baggage.asMap().keySet()).startsWith("key0", "key1").contains("key63").doesNotContain("key64");
    assertThat(baggage.get("key3")).as("a kept name is still updated by a later repeat").isEqualTo("last");
  }

  @Test
  void parsingKeepsAtMost8192BytesAndTriesTheMembersAfterOneThatDoesNotFit() {
    String big = "x".repeat(5_000);
    Baggage baggage = BaggageCodec.parse("a=" + big + ",b=" + big + ",c=1," + "d=" + "y".repeat(1_000_000));

    assertThat(baggage.asMap().keySet()).containsExactly("a", "c");
    assertThat(BaggageCodec.format(baggage).length()).isLessThanOrEqualTo(BaggageCodec.MAX_BYTES);
  }

  @Test
  void whatParsingKeepsIsWithinTheLimitsWhateverTheHeader() {
    Random random = new Random(5);
    for (int i = 0; i < 100; i++) {
      StringBuilder header = new StringBuilder();
      int members = random.nextInt(1_500);
      for (int m = 0; m < members; m++) {
        header.append(m == 0 ? "" : ",").append('k').append(random.nextInt(500)).append('=')
            .append("v".repeat(random.nextInt(random.nextBoolean() ? 20 : 3_000)));
      }
      Baggage baggage = BaggageCodec.parse(header);
      int kept = 0;
      for (Map.Entry<String, String> entry : baggage.asMap().entrySet()) {
        kept += entry.getKey().length() + 1 + entry.getValue().length();
      }
      assertThat(baggage.size()).isLessThanOrEqualTo(BaggageCodec.MAX_MEMBERS);
      assertThat(kept + baggage.size() - 1).isLessThanOrEqualTo(BaggageCodec.MAX_BYTES);
    }
  }

  @Test
  void randomGarbageNeverThrows() {
    Random random = new Random(11);
    String alphabet = "ab=;,% \t\"\\\u00e9\u0000E2F+";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThatCode(() -> {
            Baggage baggage = BaggageCodec.parse(sb);
            // Whatever was accepted survives a format/parse round trip.
            assertThat(BaggageCodec.parse(BaggageCodec.format(baggage))).isEqualTo(baggage);
          })
          .doesNotThrowAnyException();
    }
  }

  // ---------------------------------------------------------------- format

  @Test
  void formatJoinsMembersWithoutWhitespace() {
    Baggage baggage = Baggage.EMPTY.put("userId", "alice").put("isProduction", "false");

    assertThat(BaggageCodec.format(baggage)).isEqualTo("userId=alice,isProduction=false");
  }

  @Test
  void formatOfEmptyOrNullBaggageIsEmptyString() {
    assertThat(BaggageCodec.format(Baggage.EMPTY)).isEmpty();
    assertThat(BaggageCodec.format(null)).isEmpty();
  }

  @Test
  void formatAppendsMetadataAfterASemicolon() {
    Baggage baggage = Baggage.EMPTY.put("k", "v", "p1;p2=x").put("k2", "v2");

    assertThat(BaggageCodec.format(baggage)).isEqualTo("k=v;p1;p2=x,k2=v2");
  }

  @Test
  void formatPercentEncodesCharactersOutsideBaggageOctet() {
    Baggage baggage = Baggage.EMPTY.put("k", "DF 28,\"a\";b\\c\t");

    assertThat(BaggageCodec.format(baggage)).isEqualTo("k=DF%2028%2C%22a%22%3Bb%5Cc%09");
  }

  @Test
  void formatPercentEncodesPercentAndPlus() {
    // '%' must be escaped to survive decoding; '+' is escaped because form decoders read it as a space.
    assertThat(BaggageCodec.format(Baggage.EMPTY.put("k", "100%+1"))).isEqualTo("k=100%25%2B1");
  }

  @Test
  void formatLeavesOtherBaggageOctetsUnescaped() {
    StringBuilder octets = new StringBuilder();
    for (char c = 0x21; c <= 0x7E; c++) {
      if (c != '"' && c != ',' && c != ';' && c != '\\' && c != '%' && c != '+') {
        octets.append(c);
      }
    }

    assertThat(BaggageCodec.format(Baggage.EMPTY.put("k", octets.toString()))).isEqualTo("k=" + octets);
  }

  @Test
  void formatEncodesNonAsciiAsUtf8() {
    Baggage baggage = Baggage.EMPTY.put("k", "é€\uD83D\uDE00\u0080\u07FF\u0800\uFFFF");

    assertThat(BaggageCodec.format(baggage))
        .isEqualTo("k=%C3%A9%E2%82%AC%F0%9F%98%80%C2%80%DF%BF%E0%A0%80%EF%BF%BF");
  }

  @Test
  void formatWritesAnUnpairedSurrogateAsQuestionMark() {
    // Same replacement as String.getBytes(UTF_8).
    assertThat(BaggageCodec.format(Baggage.EMPTY.put("k", "a\uD83Db\uDE00"))).isEqualTo("k=a?b?");
  }

  @Test
  void formatOfAnEmptyValueWritesTheEqualsSign() {
    assertThat(BaggageCodec.format(Baggage.EMPTY.put("k", ""))).isEqualTo("k=");
  }

  @Test
  void formatThenParseRoundTripsArbitraryStrings() {
    Random random = new Random(3);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder value = new StringBuilder();
      int length = random.nextInt(20);
      for (int j = 0; j < length; j++) {
        int kind = random.nextInt(4);
        if (kind == 0) {
          value.append((char) (0x20 + random.nextInt(0x5F)));
        } else if (kind == 1) {
          value.append((char) random.nextInt(0x80));
        } else if (kind == 2) {
          value.append((char) (0x80 + random.nextInt(0xD800 - 0x80)));
        } else {
          value.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
        }
      }
      Baggage baggage = Baggage.EMPTY.put("k", value.toString(), "p=1").put("other", "x");

      assertThat(BaggageCodec.parse(BaggageCodec.format(baggage))).isEqualTo(baggage);
    }
  }

  @Test
  void formatWritesAtMost64Members() {
    // §3.3 limits: 64 list-members.
    String header = BaggageCodec.format(manyEntries(65, "v"));

    Baggage parsed = BaggageCodec.parse(header);
    assertThat(parsed.size()).isEqualTo(64);
    assertThat(parsed.get("key63")).isEqualTo("v");
    assertThat(parsed.get("key64")).isNull();
  }

  @Test
  void formatNeverWritesMoreThan8192Bytes() {
    String header = BaggageCodec.format(manyEntries(60, "x".repeat(200)));

    assertThat(header.length()).isLessThanOrEqualTo(8192);
    // Only whole members are written.
    Baggage parsed = BaggageCodec.parse(header);
    assertThat(parsed.asMap().values()).allMatch(v -> v.length() == 200);
    assertThat(header.split(",")).hasSize(parsed.size());
  }

  @Test
  void memberOfExactly8192BytesIsWritten() {
    String value = "x".repeat(8192 - "k=".length());

    assertThat(BaggageCodec.format(Baggage.EMPTY.put("k", value))).hasSize(8192);
  }

  @Test
  void memberThatWouldExceed8192BytesIsDroppedAndLaterMembersAreStillWritten() {
    Baggage baggage =
        Baggage.EMPTY.put("a", "1").put("huge", "x".repeat(8190)).put("b", "2");

    assertThat(BaggageCodec.format(baggage)).isEqualTo("a=1,b=2");
  }

  @Test
  void byteLimitCountsTheEncodedLength() {
    // 1000 "€" are 3000 UTF-8 bytes but 9000 chars once escaped (%E2%82%AC): the encoded form is what counts.
    Baggage baggage = Baggage.EMPTY.put("k", "€".repeat(1000)).put("small", "1");

    String header = BaggageCodec.format(baggage);

    assertThat(header).isEqualTo("small=1");
  }

  @Test
  void metadataCountsTowardsTheByteLimit() {
    Baggage baggage = Baggage.EMPTY.put("k", "v", "p=" + "x".repeat(8190)).put("small", "1");

    assertThat(BaggageCodec.format(baggage)).isEqualTo("small=1");
  }

  @Test
  void droppedMembersDoNotCountTowardsTheMemberLimit() {
    Baggage baggage = Baggage.EMPTY.put("huge", "x".repeat(9000));
    for (int i = 0; i < 64; i++) {
      baggage = baggage.put("key" + i, "v");
    }

    assertThat(BaggageCodec.parse(BaggageCodec.format(baggage)).size()).isEqualTo(64);
  }
}
