package io.argus.bootstrap.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlRedactionTest {
  private final UrlRedaction redaction = new UrlRedaction(true, HttpSettings.DEFAULT_SECRET_QUERY_PARAMETERS);

  @Test
  void credentialsInTheAuthorityAreRemoved() {
    assertThat(redaction.url("https://alice:s3cr3t@example.com:8443/path?q=1"))
        .isEqualTo("https://example.com:8443/path?q=1");
  }

  @Test
  void secretLookingQueryValuesAreReplacedAndOthersKept() {
    assertThat(redaction.query("q=shoes&access_token=abc&page=2&X-Amz-Signature=f00&sessionId=9"))
        .isEqualTo("q=shoes&access_token=REDACTED&page=2&X-Amz-Signature=REDACTED&sessionId=REDACTED");
  }

  @Test
  void aFragmentAndParametersWithoutValuesSurvive() {
    assertThat(redaction.url("http://h/p?flag&password=x#top")).isEqualTo("http://h/p?flag&password=REDACTED#top");
  }

  @Test
  void disabledRedactionChangesNothing() {
    UrlRedaction off = new UrlRedaction(false, List.of("token"));
    assertThat(off.url("http://u:p@h/?token=1")).isEqualTo("http://u:p@h/?token=1");
  }

  @Test
  void aUrlWithoutSecretsIsReturnedAsIs() {
    String url = "http://example.com/owners?page=2";
    assertThat(redaction.url(url)).isSameAs(url);
  }
}
