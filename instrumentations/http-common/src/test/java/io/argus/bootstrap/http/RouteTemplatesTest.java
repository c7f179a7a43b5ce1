package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
  private final RouteTemplates none = new RouteTemplates(List.of());

  @Test
  void numericUuidAndLongHexSegmentsBecomeIds() {
    assertThat(none.templateFor("/owners/42")).isEqualTo("/owners/{id}");
    assertThat(none.templateFor("/owners/42/pets/7")).isEqualTo("/owners/{id}/pets/{id}");
    assertThat(none.templateFor("/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301")).isEqualTo("/orders/{id}");
    assertThat(none.templateFor("/blobs/0123456789abcdef0123")).isEqualTo("/blobs/{id}");
    assertThat(none.templateFor("/sessions/a8Fz0kQ2pL9xR4tY7wE1")).isEqualTo("/sessions/{id}");
  }

  @Test
  void wordsAndShortVersionsStay() {
    assertThat(none.templateFor("/api/v2/owners")).isEqualTo("/api/v2/owners");
    assertThat(none.templateFor("/hello")).isEqualTo("/hello");
    assertThat(none.templateFor("/")).isEqualTo("/");
    assertThat(none.templateFor("")).isEqualTo("/");
  }

  @Test
  void userRulesWinOverTheNormaliserAndMatchWholeSegments() {
    RouteTemplates rules = new RouteTemplates(List.of("/owners/*/pets/*", "/files/**=/files/{path}"));

    assertThat(rules.templateFor("/owners/george/pets/leo")).isEqualTo("/owners/{id}/pets/{id}");
    assertThat(rules.templateFor("/files/a/b/c.txt")).isEqualTo("/files/{path}");
    assertThat(rules.templateFor("/owners/george/pets")).isEqualTo("/owners/george/pets"); // rule needs 4 segments
    assertThat(rules.templateFor("/owners/george/pets/leo/toys")).isEqualTo("/owners/george/pets/leo/toys");
  }

  @Test
  void malformedRulesAreRejectedByValidation() {
    assertThat(RouteTemplates.validate("owners/*")).isNotNull();
    assertThat(RouteTemplates.validate("/a//b")).isNotNull();
    assertThat(RouteTemplates.validate("/a/*=b")).isNotNull();
    assertThat(RouteTemplates.validate("/a/*")).isNull();
  }
}
