package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpanNamesTest {
  @Test
  void isMethodSpaceRouteAndTheSameStringForTheSamePair() {
    String get = HttpMethods.normalise("GET");
    String name = SpanNames.of(get, new String("/owners/{id}"));

    assertThat(name).isEqualTo("GET /owners/{id}");
    assertThat(SpanNames.of(get, new String("/owners/{id}"))).isSameAs(name);
    assertThat(SpanNames.of(HttpMethods.normalise("POST"), "/owners/{id}")).isEqualTo("POST /owners/{id}");
  }

  @Test
  void manyRoutesSharingSlotsEachGetTheirOwnName() {
    String get = HttpMethods.normalise("GET");
    for (int i = 0; i < 1000; i++) {
      assertThat(SpanNames.of(get, "/r" + i)).isEqualTo("GET /r" + i);
    }
  }

  @Test
  void aLongRouteIsNamedButNotKept() {
    String route = "/" + "a".repeat(300);

    assertThat(SpanNames.of(HttpMethods.normalise("GET"), route)).isEqualTo("GET " + route);
  }
}
