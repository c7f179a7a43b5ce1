package io.argus.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void parsesObjectsAndLines() {
    JsonNode node = Json.parseObject("{\"level\":\"INFO\",\"trace_id\":\"abc\",\"n\":3,\"nested\":{\"a\":[1,2]}}");
    assertThat(Json.text(node, "/level")).isEqualTo("INFO");
    assertThat(Json.text(node, "/nested/a/1")).isEqualTo("2");
    assertThat(Json.text(node, "/missing")).isNull();
    assertThat(node.get("n").asInt()).isEqualTo(3);

    List<String> output = List.of("plain text", "{\"a\":1}", "", "{broken", "{\"b\":2}");
    assertThat(Json.objectLines(output)).hasSize(2);
    assertThat(Json.tryParse("{broken")).isEmpty();
    assertThat(Json.parseLines(List.of("{\"a\":1}", " ", "{\"b\":2}"))).hasSize(2);
    assertThat(Json.parse(Json.write(List.of("x", 1))).size()).isEqualTo(2);
  }

  @Test
  void failsWithTheOffendingText() {
    assertThatThrownBy(() -> Json.parse("{\"a\": tru}"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("{\"a\": tru}");
    assertThatThrownBy(() -> Json.parse("{\"a\":1} trailing"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> Json.parseObject("[1,2]"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> Json.parseLines(List.of("{\"a\":1}", "not json")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("not json");
  }
}
