package io.argus.smoke.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextTest {

  // As the Prometheus Java client 1.x writes it, plus the spec's own example lines.
  private static final String SAMPLE = """
      # HELP http_server_requests_seconds Duration of HTTP server requests.\\nSecond line with a \\\\ backslash.
      # TYPE http_server_requests_seconds histogram
      http_server_requests_seconds_bucket{method="GET",route="/hello",status="200",le="0.005"} 3
      http_server_requests_seconds_bucket{method="GET",route="/hello",status="200",le="+Inf"} 5
      http_server_requests_seconds_count{method="GET",route="/hello",status="200"} 5
      http_server_requests_seconds_sum{method="GET",route="/hello",status="200"} 0.0421
      http_server_requests_seconds_count{method="POST",route="/hello",status="500"} 1
      # HELP argus_weird_labels Labels with escapes.
      # TYPE argus_weird_labels gauge
      argus_weird_labels{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\"",empty=""} 1.458255915e9
      # A normal comment.
      # TYPE jvm_threads untyped
      jvm_threads{state="runnable",} -3.5 1395066363000
      metric_without_timestamp_and_labels 12.47
      something_weird{problem="division by zero"} +Inf -3982045
      not_a_number NaN
         indented_sample	\t 7

      # EOF
      """;

  @Test
  void parsesSamplesLabelsAndMetadata() {
    PrometheusText text = PrometheusText.parse(SAMPLE);

    assertThat(text.samples()).hasSize(11);
    assertThat(text.value("http_server_requests_seconds_count", "method", "GET")).isEqualTo(5.0);
    assertThat(text.value("http_server_requests_seconds_bucket", "method", "GET", "le", "+Inf")).isEqualTo(5.0);
    assertThat(text.value("http_server_requests_seconds_sum")).isEqualTo(0.0421);
    assertThat(text.sum("http_server_requests_seconds_count")).isEqualTo(6.0);
    assertThat(text.samples("http_server_requests_seconds_bucket")).hasSize(2);
    assertThat(text.type("http_server_requests_seconds")).contains("histogram");
    assertThat(text.help("http_server_requests_seconds"))
        .contains("Duration of HTTP server requests.\nSecond line with a \\ backslash.");

    PrometheusText.Sample weird = text.samples("argus_weird_labels").get(0);
    assertThat(weird.label("path")).isEqualTo("C:\\DIR\\FILE.TXT");
    assertThat(weird.label("error")).isEqualTo("Cannot find file:\n\"FILE.TXT\"");
    assertThat(weird.label("empty")).isEmpty();
    assertThat(weird.value()).isEqualTo(1.458255915e9);
    assertThat(weird.timestampMillis()).isNull();

    PrometheusText.Sample threads = text.samples("jvm_threads").get(0);
    assertThat(threads.labels()).containsExactly(java.util.Map.entry("state", "runnable"));
    assertThat(threads.value()).isEqualTo(-3.5);
    assertThat(threads.timestampMillis()).isEqualTo(1395066363000L);
    assertThat(text.type("jvm_threads")).contains("untyped");

    assertThat(text.value("metric_without_timestamp_and_labels")).isEqualTo(12.47);
    assertThat(text.value("something_weird")).isInfinite();
    assertThat(text.samples("something_weird").get(0).timestampMillis()).isEqualTo(-3982045L);
    assertThat(text.value("not_a_number")).isNaN();
    assertThat(text.value("indented_sample")).isEqualTo(7.0);
    assertThat(text.find("absent_metric")).isEmpty();
    assertThat(text.names()).contains("jvm_threads", "not_a_number");
  }

  @Test
  void valueFailsWhenAbsentOrAmbiguous() {
    PrometheusText text = PrometheusText.parse(SAMPLE);
    assertThatThrownBy(() -> text.value("http_server_requests_seconds_count"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("2 samples");
    assertThatThrownBy(() -> text.value("http_server_requests_seconds_count", "method", "PUT"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("no sample");
    assertThatThrownBy(() -> text.value("x", "odd"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "metric_no_value",
      "metric{label=\"unterminated} 1",
      "metric{label=unquoted} 1",
      "metric{a=\"1\",a=\"2\"} 1",
      "metric{a=\"bad escape \\q\"} 1",
      "metric not_a_number",
      "metric 1 2 3",
      "metric 1 1.5",
      "1metric 1",
      "metric-name 1",
      "metric{a=\"1\" b=\"2\"} 1",
      "# TYPE metric bogus",
      "# TYPE",
      "metric 0x1p3",
  })
  void rejectsMalformedLines(String line) {
    String text = "# TYPE ok counter\nok_total 1\n" + line + "\n";
    assertThatThrownBy(() -> PrometheusText.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("line 3: ")
        .hasMessageEndingWith(line);
  }
}
