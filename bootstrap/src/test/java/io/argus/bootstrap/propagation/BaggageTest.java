package io.argus.bootstrap.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaggageTest {
  @Test
  void emptyBaggageHasNoEntries() {
    assertThat(Baggage.EMPTY.isEmpty()).isTrue();
    assertThat(Baggage.EMPTY.size()).isZero();
    assertThat(Baggage.EMPTY.get("a")).isNull();
    assertThat(Baggage.EMPTY.asMap()).isEmpty();
  }

  @Test
  void putAddsAnEntryWithoutMetadata() {
    Baggage baggage = Baggage.EMPTY.put("userId", "alice");

    assertThat(baggage.get("userId")).isEqualTo("alice");
    assertThat(baggage.metadata("userId")).isNull();
    assertThat(baggage.size()).isEqualTo(1);
  }

  @Test
  void putKeepsMetadata() {
    Baggage baggage = Baggage.EMPTY.put("k", "v", "p1;p2=x");

    assertThat(baggage.metadata("k")).isEqualTo("p1;p2=x");
  }

  @Test
  void metadataIsTrimmedOfSurroundingWhitespace() {
    assertThat(Baggage.EMPTY.put("k", "v", " \tp1 ; p2 = x\t ").metadata("k")).isEqualTo("p1 ; p2 = x");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t \t"})
  void blankMetadataMeansNone(String metadata) {
    assertThat(Baggage.EMPTY.put("k", "v", metadata).metadata("k")).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {";", "p1;", ";p1", "p1;;p2", "p 1", "p=a b", "p=a,b", "p=\"q\"", "p=a\\b", "\u00e9"})
  void putWithInvalidMetadataReturnsTheSameInstance(String metadata) {
    // W3C Baggage §3.2.1: property = key OWS "=" OWS value / key OWS, separated by ";".
    Baggage baggage = Baggage.EMPTY.put("a", "1");

    assertThat(baggage.put("k", "v", metadata)).isSameAs(baggage);
  }

  @Test
  void entriesKeepTheirInsertionOrder() {
    Baggage baggage = Baggage.EMPTY.put("b", "2").put("a", "1").put("c", "3");

    assertThat(baggage.asMap().keySet()).containsExactly("b", "a", "c");
  }

  @Test
  void putOfAnExistingNameReplacesItInPlace() {
    // §3.1.1: the order SHOULD be preserved when mutating the list.
    Baggage baggage = Baggage.EMPTY.put("a", "1").put("b", "2", "p").put("c", "3").put("b", "20");

    assertThat(baggage.asMap()).containsExactly(Map.entry("a", "1"), Map.entry("b", "20"), Map.entry("c", "3"));
    assertThat(baggage.metadata("b")).isNull();
  }

  @Test
  void putOfAnUnchangedEntryReturnsTheSameInstance() {
    Baggage baggage = Baggage.EMPTY.put("a", "1", "p");

    assertThat(baggage.put("a", "1", "p")).isSameAs(baggage);
  }

  @Test
  void namesAreCaseSensitive() {
    Baggage baggage = Baggage.EMPTY.put("Key", "1").put("key", "2");

    assertThat(baggage.size()).isEqualTo(2);
    assertThat(baggage.get("Key")).isEqualTo("1");
  }

  @Test
  void anyValueIsAcceptedIncludingEmptyAndNonAscii() {
    // The value is the decoded form; BaggageCodec percent-encodes it.
    Baggage baggage = Baggage.EMPTY.put("a", "").put("b", "DF 28, \"€\";\\");

    assertThat(baggage.get("a")).isEmpty();
    assertThat(baggage.get("b")).isEqualTo("DF 28, \"€\";\\");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "a,b", "a;b", "a=b", "a\"b", "(a)", "a/b", "k\u00e9y", "a\tb"})
  void putWithANameThatIsNotATokenReturnsTheSameInstance(String name) {
    Baggage baggage = Baggage.EMPTY.put("a", "1");

    assertThat(baggage.put(name, "v")).isSameAs(baggage);
  }

  @Test
  void everyTokenCharacterIsAcceptedInAName() {
    // RFC 7230 §3.2.6 tchar.
    String name = "!#$%&'*+-.^_`|~0123456789abcxyzABCXYZ";

    assertThat(Baggage.EMPTY.put(name, "v").get(name)).isEqualTo("v");
  }

  @Test
  void putWithNullsReturnsTheSameInstance() {
    Baggage baggage = Baggage.EMPTY.put("a", "1");

    assertThat(baggage.put(null, "v")).isSameAs(baggage);
    assertThat(baggage.put("b", null)).isSameAs(baggage);
    assertThat(baggage.put("b", null, "p")).isSameAs(baggage);
  }

  @Test
  void putDoesNotChangeTheOriginal() {
    Baggage original = Baggage.EMPTY.put("a", "1");

    original.put("a", "2");
    original.put("b", "3");

    assertThat(original.asMap()).containsExactly(Map.entry("a", "1"));
  }

  @Test
  void removeDropsTheEntryAndKeepsTheOrder() {
    Baggage baggage = Baggage.EMPTY.put("a", "1").put("b", "2", "p").put("c", "3").remove("a");

    assertThat(baggage.asMap()).containsExactly(Map.entry("b", "2"), Map.entry("c", "3"));
    assertThat(baggage.metadata("b")).isEqualTo("p");
  }

  @Test
  void removeOfAnAbsentNameReturnsTheSameInstance() {
    Baggage baggage = Baggage.EMPTY.put("a", "1");

    assertThat(baggage.remove("b")).isSameAs(baggage);
    assertThat(baggage.remove(null)).isSameAs(baggage);
  }

  @Test
  void removeOfTheOnlyEntryReturnsEmpty() {
    assertThat(Baggage.EMPTY.put("a", "1").remove("a")).isSameAs(Baggage.EMPTY);
  }

  @Test
  void asMapIsACopy() {
    Baggage baggage = Baggage.EMPTY.put("a", "1");

    baggage.asMap().put("b", "2");

    assertThat(baggage.size()).isEqualTo(1);
  }

  @Test
  void equalBaggagesHaveEqualHashCodes() {
    Baggage a = Baggage.EMPTY.put("a", "1", "p").put("b", "2");
    Baggage b = BaggageCodec.parse("a=1;p,b=2");

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(Baggage.EMPTY.put("a", "1").put("b", "2"));
  }

  @Test
  void toStringShowsTheEntries() {
    assertThat(Baggage.EMPTY.put("a", "1", "p").put("b", "2").toString()).isEqualTo("Baggage{a=1;p, b=2}");
  }
}
