package io.argus.bootstrap.apachehttpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The full URL of an Apache HttpClient request, put together from the target host and the request line. */
class ApacheHttpClientCallsTest {
  @Test
  void aPathAndQueryAreJoinedToTheTargetHostAndPort() {
    assertThat(ApacheHttpClientCalls.fullUrl("http", "127.0.0.1", 8080, "/owners?page=2"))
        .isEqualTo("http://127.0.0.1:8080/owners?page=2");
  }

  @Test
  void anAbsoluteRequestUriIsKeptAsItIs() {
    assertThat(ApacheHttpClientCalls.fullUrl("http", "proxy", 3128, "https://example.test/a"))
        .isEqualTo("https://example.test/a");
  }

  @Test
  void anIpv6HostGetsItsBracketsAndAMissingPortOrPathIsLeftOutOrMadeRoot() {
    assertThat(ApacheHttpClientCalls.fullUrl("https", "::1", -1, "")).isEqualTo("https://[::1]/");
    assertThat(ApacheHttpClientCalls.fullUrl(null, "example.test", -1, "x")).isEqualTo("http://example.test/x");
  }

  @Test
  void theDefaultPortFollowsTheScheme() {
    assertThat(ApacheHttpClientCalls.defaultPort("HTTPS")).isEqualTo(443);
    assertThat(ApacheHttpClientCalls.defaultPort(null)).isEqualTo(80);
    assertThat(ApacheHttpClientCalls.defaultPort("ftp")).isEqualTo(-1);
  }
}
