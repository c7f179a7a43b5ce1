package io.argus.agent.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtlpResponseBodyTest {

  @Test
  void readsThePartialSuccessOfAResponse() {
    byte[] body = OtlpHttpExporterTest.partialSuccess(7, "spans too old");

    OtlpResponseBody.PartialSuccess partial = OtlpResponseBody.partialSuccess(body, body.length);

    assertThat(partial.rejectedSpans).isEqualTo(7);
    assertThat(partial.message).isEqualTo("spans too old");
  }

  @Test
  void anEmptyResponseOrAnEmptyPartialSuccessIsFullSuccess() {
    assertThat(OtlpResponseBody.partialSuccess(new byte[0], 0)).isNull();
    byte[] emptyPartial = {0x0A, 0x00};
    assertThat(OtlpResponseBody.partialSuccess(emptyPartial, 2)).isNull();
  }

  @Test
  void bytesThatAreNotProtobufYieldNothingRatherThanAnError() {
    byte[] html = "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
    byte[] truncated = {0x0A, 0x7F, 0x08};

    assertThat(OtlpResponseBody.partialSuccess(html, html.length)).isNull();
    assertThat(OtlpResponseBody.partialSuccess(truncated, truncated.length)).isNull();
    assertThat(OtlpResponseBody.failureMessage(truncated, truncated.length)).isEmpty();
  }

  @Test
  void aFailureMessageComesFromTheRpcStatusOrElseFromTextualBodies() {
    byte[] status = {0x08, 0x03, 0x12, 0x04, 'b', 'a', 'd', '!'};
    byte[] text = "upstream connect error".getBytes(StandardCharsets.UTF_8);

    assertThat(OtlpResponseBody.failureMessage(status, status.length)).isEqualTo("bad!");
    assertThat(OtlpResponseBody.failureMessage(text, text.length)).isEqualTo("upstream connect error");
  }

  @Test
  void retryAfterIsReadInSecondsOnly() {
    assertThat(OtlpHttpExporter.retryAfterSeconds("3")).isEqualTo(3);
    assertThat(OtlpHttpExporter.retryAfterSeconds(" 0 ")).isEqualTo(0);
    assertThat(OtlpHttpExporter.retryAfterSeconds("Wed, 21 Oct 2026 07:28:00 GMT")).isEqualTo(-1);
    assertThat(OtlpHttpExporter.retryAfterSeconds(null)).isEqualTo(-1);
    assertThat(OtlpHttpExporter.retryAfterSeconds("-5")).isEqualTo(-1);
  }
}
