package io.argus.bootstrap.propagation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * W3C Trace Context §3.3 (tracestate). Expectations follow the W3C test suite (w3c/trace-context test/test.py) at its
 * default STRICT_LEVEL 2: an invalid header is discarded as a whole.
 */
class TraceStateTest {
  private static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";

  /** Every allowed value char: %x20-2B / %x2D-3C / %x3E-7E (test_tracestate_all_allowed_characters). */
  private static String allValueChars() {
    StringBuilder sb = new StringBuilder();
    for (char c = 0x20; c <= 0x7E; c++) {
      if (c != ',' && c != '=') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String members(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i <= to; i++) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(String.format("bar%02d=%02d", i, i));
    }
    return sb.toString();
  }

  @Test
  void membersAreParsedInOrder() {
    TraceState state = TraceState.parse("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");

    assertThat(state.size()).isEqualTo(2);
    assertThat(state.get("rojo")).isEqualTo("00f067aa0ba902b7");
    assertThat(state.get("congo")).isEqualTo("t61rcWkgMzE");
    assertThat(state.asMap().keySet()).containsExactly("rojo", "congo");
  }

  @Test
  void absentKeyHasNoValue() {
    assertThat(TraceState.parse("foo=1").get("bar")).isNull();
    assertThat(TraceState.parse("foo=1").get(null)).isNull();
  }

  @Test
  void nullHeaderIsEmpty() {
    assertThat(TraceState.parse(null)).isSameAs(TraceState.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t", ",", " , \t, ", ",,,"})
  void emptyOrWhitespaceOnlyHeaderIsEmpty(String header) {
    // §3.3.1.1: empty and whitespace-only list members are allowed (test_tracestate_empty_header).
    assertThat(TraceState.parse(header)).isSameAs(TraceState.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "foo=1 \t , \t bar=2, \t baz=3",
        "foo=1\t \t,\t \tbar=2,\t \tbaz=3",
        " foo=1,bar=2,baz=3",
        "\tfoo=1,bar=2,baz=3",
        "foo=1,bar=2,baz=3 ",
        "foo=1,bar=2,baz=3\t",
        "\t foo=1,bar=2,baz=3 \t"
      })
  void optionalWhitespaceAroundMembersIsIgnored(String header) {
    // test_tracestate_ows_handling
    TraceState state = TraceState.parse(header);

    assertThat(state.asMap()).containsExactly(Map.entry("foo", "1"), Map.entry("bar", "2"), Map.entry("baz", "3"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo=1,", ",foo=1", "foo=1,,", " , foo=1 , , "})
  void emptyMembersAreSkipped(String header) {
    // Joining an empty tracestate header field with a non-empty one yields empty members (test_tracestate_empty_header).
    assertThat(TraceState.parse(header).asMap()).containsExactly(Map.entry("foo", "1"));
  }

  @Test
  void joinedHeaderFieldsKeepTheirOrder() {
    // test_tracestate_multiple_headers_different_keys: fields are combined with "," per RFC 7230 §3.2.2.
    TraceState state = TraceState.parse("foo=1,bar=2" + "," + "rojo=1,congo=2" + "," + "baz=3");

    assertThat(state.toHeader()).isEqualTo("foo=1,bar=2,rojo=1,congo=2,baz=3");
  }

  @Test
  void allAllowedCharactersAreAcceptedInSimpleKeysAndValues() {
    String key = KEY_CHARS;
    String value = allValueChars();

    TraceState state = TraceState.parse(key + "=" + value);

    assertThat(state.get(key)).isEqualTo(value);
  }

  @Test
  void allAllowedCharactersAreAcceptedInMultiTenantKeys() {
    String key = KEY_CHARS + "@a-z0-9_-*/";

    TraceState state = TraceState.parse(key + "=" + allValueChars());

    assertThat(state.get(key)).isEqualTo(allValueChars());
  }

  @Test
  void leadingSpacesOfAValueArePartOfIt() {
    // §3.3.1.3.2: leading spaces MUST be preserved; trailing spaces are OWS.
    TraceState state = TraceState.parse("foo=  1  ,bar=2");

    assertThat(state.get("foo")).isEqualTo("  1");
  }

  @Test
  void thirtyTwoMembersAreAccepted() {
    TraceState state = TraceState.parse(members(1, 32));

    assertThat(state.size()).isEqualTo(32);
    assertThat(state.get("bar01")).isEqualTo("01");
    assertThat(state.get("bar32")).isEqualTo("32");
  }

  @Test
  void moreThanThirtyTwoMembersMakeTheHeaderInvalid() {
    // test_tracestate_member_count_limit: 33 members -> discarded.
    assertThat(TraceState.parse(members(1, 33))).isSameAs(TraceState.EMPTY);
  }

  @Test
  void emptyMembersDoNotCountTowardsTheLimit() {
    assertThat(TraceState.parse(",," + members(1, 32).replace(",", ", ,") + ",").size()).isEqualTo(32);
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo=1,foo=1", "foo=1,foo=2", "foo=1,bar=2,foo=3"})
  void duplicatedKeysMakeTheHeaderInvalid(String header) {
    // test_tracestate_duplicated_keys; §3.3.1.3 "Only one entry per key is allowed".
    assertThat(TraceState.parse(header)).isSameAs(TraceState.EMPTY);
  }

  @Test
  void simpleKeyOf256CharactersIsAccepted() {
    assertThat(TraceState.parse("foo=1," + "z".repeat(256) + "=1").size()).isEqualTo(2);
  }

  @Test
  void simpleKeyOf257CharactersMakesTheHeaderInvalid() {
    assertThat(TraceState.parse("foo=1," + "z".repeat(257) + "=1")).isSameAs(TraceState.EMPTY);
  }

  @Test
  void tenantOf241AndSystemOf14CharactersAreAccepted() {
    assertThat(TraceState.parse("foo=1," + "t".repeat(241) + "@" + "v".repeat(14) + "=1").size()).isEqualTo(2);
  }

  @Test
  void tenantOf242CharactersMakesTheHeaderInvalid() {
    assertThat(TraceState.parse("foo=1," + "t".repeat(242) + "@v=1")).isSameAs(TraceState.EMPTY);
  }

  @Test
  void systemOf15CharactersMakesTheHeaderInvalid() {
    assertThat(TraceState.parse("foo=1,t@" + "v".repeat(15) + "=1")).isSameAs(TraceState.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo =1", "FOO=1", "foo.bar=1", "Foo=1", "foo\t=1", "f\u00f6o=1"})
  void keyWithIllegalCharactersMakesTheHeaderInvalid(String header) {
    // test_tracestate_key_illegal_characters
    assertThat(TraceState.parse(header + ",bar=2")).isSameAs(TraceState.EMPTY);
  }

  @Test
  void simpleKeyStartingWithADigitMakesTheHeaderInvalid() {
    // simple-key = lcalpha 0*255(...): only a tenant-id may start with a digit.
    assertThat(TraceState.parse("1foo=1")).isSameAs(TraceState.EMPTY);
  }

  @Test
  void tenantIdMayStartWithADigit() {
    assertThat(TraceState.parse("1foo@bar=1").get("1foo@bar")).isEqualTo("1");
  }

  @Test
  void systemIdStartingWithADigitMakesTheHeaderInvalid() {
    assertThat(TraceState.parse("foo@1bar=1")).isSameAs(TraceState.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo@=1,bar=2", "@foo=1,bar=2", "foo@@bar=1,bar=2", "foo@bar@baz=1,bar=2"})
  void illegalMultiTenantKeyMakesTheHeaderInvalid(String header) {
    // test_tracestate_key_illegal_vendor_format: even the valid "bar" is discarded.
    assertThat(TraceState.parse(header)).isSameAs(TraceState.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo=bar=baz", "foo=,bar=3", "foo= ,bar=3", "foo=a\tb", "foo=caf\u00e9", "foo=\u0001"})
  void valueWithIllegalCharactersMakesTheHeaderInvalid(String header) {
    // test_tracestate_value_illegal_characters; tabs and non-ASCII are outside %x20-7E.
    assertThat(TraceState.parse(header)).isSameAs(TraceState.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo", "foo,bar=1", "=1", "foo =", "bar=1,=2"})
  void memberWithoutKeyOrEqualsSignMakesTheHeaderInvalid(String header) {
    assertThat(TraceState.parse(header)).isSameAs(TraceState.EMPTY);
  }

  @Test
  void valueOf256CharactersIsAccepted() {
    assertThat(TraceState.parse("foo=" + "v".repeat(256)).get("foo")).hasSize(256);
  }

  @Test
  void valueOf257CharactersMakesTheHeaderInvalid() {
    assertThat(TraceState.parse("foo=" + "v".repeat(257))).isSameAs(TraceState.EMPTY);
  }

  @Test
  void toHeaderJoinsMembersWithoutWhitespace() {
    assertThat(TraceState.parse(" foo=1 , bar= 2 ").toHeader()).isEqualTo("foo=1,bar= 2");
  }

  @Test
  void emptyTraceStateHasEmptyHeader() {
    assertThat(TraceState.EMPTY.toHeader()).isEmpty();
    assertThat(TraceState.EMPTY.isEmpty()).isTrue();
    assertThat(TraceState.EMPTY.size()).isZero();
  }

  @Test
  void toHeaderThenParseRoundTrips() {
    TraceState state = TraceState.parse(members(1, 32));

    assertThat(TraceState.parse(state.toHeader())).isEqualTo(state);
  }

  @Test
  void putAddsANewKeyAtTheFront() {
    // §3.5: a new key/value pair SHOULD be added to the beginning of the list.
    TraceState state = TraceState.parse("congo=t61rcWkgMzE").put("rojo", "00f067aa0ba902b7");

    assertThat(state.toHeader()).isEqualTo("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
  }

  @Test
  void putMovesAnUpdatedKeyToTheFront() {
    // §3.5: modified keys MUST be moved to the beginning (left) of the list.
    TraceState state = TraceState.parse("congo=ucfJifl5GOE,rojo=00f067aa0ba902b7").put("rojo", "new");

    assertThat(state.toHeader()).isEqualTo("rojo=new,congo=ucfJifl5GOE");
  }

  @Test
  void putOfTheSameLeftMostValueReturnsTheSameInstance() {
    TraceState state = TraceState.parse("foo=1,bar=2");

    assertThat(state.put("foo", "1")).isSameAs(state);
  }

  @Test
  void putOfAnUnchangedValueThatIsNotLeftMostStillMovesItToTheFront() {
    assertThat(TraceState.parse("foo=1,bar=2").put("bar", "2").toHeader()).isEqualTo("bar=2,foo=1");
  }

  @Test
  void putDoesNotChangeTheOriginal() {
    TraceState original = TraceState.parse("foo=1");

    original.put("bar", "2");

    assertThat(original.toHeader()).isEqualTo("foo=1");
  }

  @Test
  void putOnAFullTraceStateDropsTheRightMostMember() {
    TraceState full = TraceState.parse(members(1, 32));

    TraceState state = full.put("new", "1");

    assertThat(state.size()).isEqualTo(32);
    assertThat(state.asMap().keySet()).first().isEqualTo("new");
    assertThat(state.get("bar32")).isNull();
    assertThat(state.get("bar31")).isEqualTo("31");
  }

  @Test
  void putOfAnExistingKeyOnAFullTraceStateKeepsEveryMember() {
    TraceState state = TraceState.parse(members(1, 32)).put("bar32", "x");

    assertThat(state.size()).isEqualTo(32);
    assertThat(state.toHeader()).startsWith("bar32=x,bar01=01,").endsWith(",bar31=31");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Foo", "1foo", "foo bar", "foo@", "foo=bar", "foo,bar"})
  void putWithAnInvalidKeyReturnsTheSameInstance(String key) {
    TraceState state = TraceState.parse("foo=1");

    assertThat(state.put(key, "v")).isSameAs(state);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a,b", "a=b", "trailing ", "tab\tinside", "caf\u00e9"})
  void putWithAnInvalidValueReturnsTheSameInstance(String value) {
    TraceState state = TraceState.parse("foo=1");

    assertThat(state.put("bar", value)).isSameAs(state);
  }

  @Test
  void putWithNullsReturnsTheSameInstance() {
    TraceState state = TraceState.parse("foo=1");

    assertThat(state.put(null, "v")).isSameAs(state);
    assertThat(state.put("bar", null)).isSameAs(state);
  }

  @Test
  void putOnEmptyCreatesASingleMember() {
    assertThat(TraceState.EMPTY.put("foo", " leading space is fine").toHeader()).isEqualTo("foo= leading space is fine");
  }

  @Test
  void putAcceptsTheLongestValidKeysAndValues() {
    String simple = "k".repeat(256);
    String tenant = "t".repeat(241) + "@" + "s".repeat(14);
    String value = "v".repeat(256);

    TraceState state = TraceState.EMPTY.put(simple, value).put(tenant, value);

    assertThat(state.size()).isEqualTo(2);
    assertThat(state.put("k".repeat(257), "v")).isSameAs(state);
    assertThat(state.put("x", "v".repeat(257))).isSameAs(state);
  }

  @Test
  void removeDropsTheKeyAndKeepsTheOrder() {
    TraceState state = TraceState.parse("a=1,b=2,c=3").remove("b");

    assertThat(state.toHeader()).isEqualTo("a=1,c=3");
  }

  @Test
  void removeOfAnAbsentKeyReturnsTheSameInstance() {
    TraceState state = TraceState.parse("a=1");

    assertThat(state.remove("b")).isSameAs(state);
    assertThat(state.remove(null)).isSameAs(state);
  }

  @Test
  void removeOfTheLastKeyReturnsEmpty() {
    assertThat(TraceState.parse("a=1").remove("a")).isSameAs(TraceState.EMPTY);
  }

  @Test
  void asMapIsAnOrderedCopy() {
    TraceState state = TraceState.parse("b=2,a=1,c=3");

    Map<String, String> map = state.asMap();
    map.put("z", "26");

    assertThat(map.keySet()).containsExactly("b", "a", "c", "z");
    assertThat(state.size()).isEqualTo(3);
  }

  @Test
  void equalTraceStatesHaveEqualHashCodes() {
    TraceState a = TraceState.parse("foo=1, bar=2");
    TraceState b = TraceState.EMPTY.put("bar", "2").put("foo", "1");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(TraceState.parse("bar=2,foo=1"));
  }

  @Test
  void randomGarbageNeverThrows() {
    Random random = new Random(5);
    String alphabet = "abz09_-*/@=, \t~\u0000\u00e9A";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder sb = new StringBuilder();
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThatCode(() -> {
            TraceState state = TraceState.parse(sb);
            // Whatever was accepted re-parses to itself.
            assertThat(TraceState.parse(state.toHeader())).isEqualTo(state);
          })
          .doesNotThrowAnyException();
    }
  }
}
