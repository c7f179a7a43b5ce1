package io.argus.agent.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  @Test
  void writesNestedObjectsAndArraysWithCommasInTheRightPlaces() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("n", 1);
    map.put("list", List.of("x", true, 2.5));
    String json =
        new JsonWriter()
            .beginObject()
            .field("a", "b")
            .field("map", map)
            .name("empty")
            .beginArray()
            .endArray()
            .field("nothing", (Object) null)
            .endObject()
            .toString();

    assertThat(json)
        .isEqualTo("{\"a\":\"b\",\"map\":{\"n\":1,\"list\":[\"x\",true,2.5]},\"empty\":[],\"nothing\":null}");
  }

  @Test
  void escapesControlCharactersQuotesAndHtmlSignificantCharacters() {
    StringBuilder out = new StringBuilder();
    JsonWriter.quote(out, "a\"b\\c\nd\u0001<script>\u2028");

    assertThat(out.toString()).isEqualTo("\"a\\\"b\\\\c\\nd\\u0001\\u003cscript\\u003e\\u2028\"");
  }

  @Test
  void nonFiniteNumbersBecomeStrings() {
    assertThat(new JsonWriter().beginArray().value(Double.NaN).endArray().toString()).isEqualTo("[\"NaN\"]");
  }
}
