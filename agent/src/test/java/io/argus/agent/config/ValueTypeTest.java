package io.argus.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ValueTypeTest {

  private static Object parse(ValueType type, Object raw) throws ValueType.Invalid {
    return type.parse(raw, new ArrayList<>());
  }

  @ParameterizedTest
  @CsvSource({"0,0", "750,750", "500ms,500", "10s,10000", "1m,60000", "2h,7200000", "' 3 S ',3000", "15MS,15"})
  void durations(String text, long millis) throws Exception {
    assertThat(parse(ValueType.duration(0, Long.MAX_VALUE), text)).isEqualTo(millis);
  }

  @Test
  void yamlNumbersAreMillis() throws Exception {
    assertThat(parse(ValueType.duration(0, Long.MAX_VALUE), 250)).isEqualTo(250L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ms", "1.5s", "-1", "10 seconds", "1d", "9999999999999"})
  void badDurations(String text) {
    assertThatThrownBy(() -> parse(ValueType.duration(0, Long.MAX_VALUE), text))
        .isInstanceOf(ValueType.Invalid.class);
  }

  @ParameterizedTest
  @CsvSource({"a%20b,a b", "a+b,a+b", "%E2%82%AC1,€1", "100%25,100%", "plain,plain"})
  void percentDecoding(String encoded, String decoded) {
    assertThat(ValueType.percentDecode(encoded)).isEqualTo(decoded);
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%2", "%zz", "a%g1"})
  void badPercentEncoding(String encoded) {
    assertThatThrownBy(() -> ValueType.percentDecode(encoded)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"localhost", "127.0.0.1", "0.0.0.0", "::", "::1", "[::1]", "fe80::1%eth0", "my-host.example.com"})
  void validHosts(String host) throws Exception {
    assertThat(parse(ValueType.HOST, host)).isEqualTo(host);
  }

  @ParameterizedTest
  @ValueSource(strings = {"my host", "-bad", "http://x", "a..b", "host:80"})
  void invalidHosts(String host) {
    assertThatThrownBy(() -> parse(ValueType.HOST, host)).isInstanceOf(ValueType.Invalid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://collector:4318", "https://ingest.example.com/otlp", "HTTP://a"})
  void validUrls(String url) throws Exception {
    assertThat(parse(ValueType.HTTP_URL, url)).isEqualTo(url);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "collector:4318|endpoint without scheme; expected an absolute http:// or https:// URL",
      "grpc://collector:4317|unsupported scheme 'grpc'; expected an absolute http:// or https:// URL",
      "http://|expected an absolute http:// or https:// URL",
      "http:// bad host|expected an absolute http:// or https:// URL"})
  void invalidUrls(String url, String message) {
    assertThatThrownBy(() -> parse(ValueType.HTTP_URL, url)).hasMessage(message);
  }

  @Test
  void ratioBoundsAreInclusive() throws Exception {
    assertThat(parse(ValueType.RATIO, "0")).isEqualTo(0.0);
    assertThat(parse(ValueType.RATIO, 1)).isEqualTo(1.0);
    assertThatThrownBy(() -> parse(ValueType.RATIO, "NaN")).isInstanceOf(ValueType.Invalid.class);
    assertThatThrownBy(() -> parse(ValueType.RATIO, "-0.1")).isInstanceOf(ValueType.Invalid.class);
  }

  @Test
  void keyValuesFromYamlMapRejectNestedValues() throws Exception {
    List<ValueType.Rejected> rejected = new ArrayList<>();

    Object parsed = ValueType.KEY_VALUES.parse(Map.of("a", "1", "b", Map.of("c", "d")), rejected);

    assertThat(parsed).isEqualTo(Map.of("a", "1"));
    assertThat(rejected).singleElement().satisfies(r -> assertThat(r.reason).isEqualTo("expected a plain value for b"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void listFromYamlSequence() throws Exception {
    ValueType propagators = Setting.PROPAGATORS.type;

    assertThat((Iterable<Object>) parse(propagators, List.of("baggage", "tracecontext")))
        .as("canonical order").containsExactly("tracecontext", "baggage");
  }

  @Test
  void emptyListIsInvalid() {
    assertThatThrownBy(() -> parse(Setting.PROPAGATORS.type, " , "))
        .hasMessage("expected a comma-separated list; supported: tracecontext, baggage, none");
  }

  @Test
  void envNames() {
    assertThat(Setting.envName("otel.instrumentation.common.default-enabled"))
        .isEqualTo("OTEL_INSTRUMENTATION_COMMON_DEFAULT_ENABLED");
    assertThat(Setting.METRICS_PORT.envName).isEqualTo("ARGUS_METRICS_PORT");
  }
}
