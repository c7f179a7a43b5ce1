package io.argus.bootstrap.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServletHeadersTest {
  @Test
  void severalLinesOfOneHeaderAreJoinedWithCommas() {
    assertThat(ServletHeaders.join(Collections.enumeration(List.of("a=1", "b=2", "c=3")))).isEqualTo("a=1,b=2,c=3");
  }

  @Test
  void oneLineIsReturnedAsItIsAndAbsentOrForbiddenHeadersAreNull() {
    String line = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    assertThat(ServletHeaders.join(Collections.enumeration(List.of(line)))).isSameAs(line);
    assertThat(ServletHeaders.join(Collections.emptyEnumeration())).isNull();
    assertThat(ServletHeaders.join(null)).isNull();
  }
}
