package io.argus.bootstrap.logging;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.propagation.TraceparentCodec;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogCorrelationTest {
  private final ArgusSpan span = ArgusTracer.startSpan("request", SpanKind.SERVER);

  @AfterEach
  void defaultKeys() {
    LogCorrelation.configure(null, null, null, null);
  }

  @Test
  void outsideASpanThereAreNoFieldsAndTheMdcIsReturnedAsItIs() {
    Map<String, String> mdc = Collections.singletonMap("user", "u1");

    assertThat(LogCorrelation.current()).isNull();
    assertThat(LogCorrelation.withCurrentFields(mdc, "test")).isSameAs(mdc);
  }

  @Test
  void insideASpanTheFieldsAreItsIdsAsW3cHexUnderTheDefaultKeys() {
    Map<String, String> withFields;
    try (Scope ignored = span.makeCurrent()) {
      withFields = LogCorrelation.withCurrentFields(Collections.singletonMap("user", "u1"), "test");
    }

    assertThat(withFields)
        .containsEntry("trace_id", TraceparentCodec.traceIdHex(span.spanContext().traceIdHigh(), span.spanContext().traceIdLow()))
        .containsEntry("span_id", TraceparentCodec.spanIdHex(span.spanContext().spanId()))
        .containsEntry("trace_flags", span.spanContext().isSampled() ? "01" : "00")
        .containsEntry("user", "u1")
        .doesNotContainKey("request_id");
  }

  @Test
  void theRequestIdIsAddedWhenTheContextHasOne() {
    Map<String, String> withFields;
    try (Scope ignored = ArgusContext.current().with(span).withRequestId("req-7").makeCurrent()) {
      withFields = LogCorrelation.withCurrentFields(null, "test");
    }

    assertThat(withFields).containsEntry("request_id", "req-7").hasSize(4);
  }

  @Test
  void configuredKeysReplaceTheDefaults() {
    LogCorrelation.configure("traceId", "spanId", "flags", "rid");
    Map<String, String> withFields;
    try (Scope ignored = ArgusContext.current().with(span).withRequestId("req-7").makeCurrent()) {
      withFields = LogCorrelation.withCurrentFields(null, "test");
    }

    assertThat(withFields).containsOnlyKeys("traceId", "spanId", "flags", "rid");
  }

  @Test
  void aKeyTheApplicationPutInTheMdcItselfKeepsItsValue() {
    Map<String, String> mdc = new HashMap<>();
    mdc.put("trace_id", "set-by-the-application");
    Map<String, String> withFields;
    try (Scope ignored = span.makeCurrent()) {
      withFields = LogCorrelation.withCurrentFields(mdc, "test");
    }

    assertThat(withFields).containsEntry("trace_id", "set-by-the-application").containsKey("span_id");
  }

  @Test
  void consecutiveEventsOfOneSpanShareTheFormattedFields() {
    try (Scope ignored = span.makeCurrent()) {
      assertThat(LogCorrelation.current()).isSameAs(LogCorrelation.current());
    }
  }
}
