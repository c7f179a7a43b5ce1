package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {
  @Test
  void hostOfCutsThePortAndTheIpv6Brackets() {
    assertThat(HeaderValues.hostOf("example.com:8080")).isEqualTo("example.com");
    assertThat(HeaderValues.hostOf("example.com")).isEqualTo("example.com");
    assertThat(HeaderValues.hostOf("[::1]:80")).isEqualTo("::1");
    assertThat(HeaderValues.hostOf("[::1")).isNull();
    assertThat(HeaderValues.hostOf("")).isNull();
    assertThat(HeaderValues.hostOf(null)).isNull();
  }

  @Test
  void hostOfTheSameHeaderAgainIsTheSameString() {
    String first = HeaderValues.hostOf(new String("127.0.0.1:9000"));
    assertThat(HeaderValues.hostOf(new String("127.0.0.1:9000"))).isSameAs(first);
    assertThat(HeaderValues.hostOf("10.0.0.1:9000")).isEqualTo("10.0.0.1");
    assertThat(HeaderValues.hostOf("127.0.0.1:9000")).isEqualTo("127.0.0.1");
  }

  @Test
  void protocolVersionFollowsTheSemanticConventions() {
    assertThat(HeaderValues.protocolVersion("HTTP/1.1")).isEqualTo("1.1");
    assertThat(HeaderValues.protocolVersion("HTTP/1.0")).isEqualTo("1.0");
    assertThat(HeaderValues.protocolVersion("HTTP/2.0")).isEqualTo("2");
    assertThat(HeaderValues.protocolVersion("HTTP/2")).isEqualTo("2");
    assertThat(HeaderValues.protocolVersion("HTTP/")).isNull();
    assertThat(HeaderValues.protocolVersion(null)).isNull();
  }

  @Test
  void joinCombinesHeaderLinesWithCommas() {
    assertThat(HeaderValues.join(Arrays.asList("a=1", "b=2"))).isEqualTo("a=1,b=2");
    assertThat(HeaderValues.join(Collections.singletonList("a=1"))).isEqualTo("a=1");
    assertThat(HeaderValues.join(Collections.<String>emptyList())).isNull();
  }
}
