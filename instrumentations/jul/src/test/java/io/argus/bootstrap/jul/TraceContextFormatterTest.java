package io.argus.bootstrap.jul;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.propagation.TraceparentCodec;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceContextFormatterTest {
  private static final String FORMAT_PROPERTY = TraceContextFormatter.class.getName() + ".format";
  private final ArgusSpan span = ArgusTracer.startSpan("request", SpanKind.SERVER);

  @BeforeEach
  void enable() {
    JulCorrelation.enable(true);
  }

  @AfterEach
  void reset() {
    JulCorrelation.enable(false);
    System.clearProperty(FORMAT_PROPERTY);
  }

  private static LogRecord record(String message) {
    LogRecord record = new LogRecord(Level.INFO, message);
    record.setLoggerName("orders");
    return record;
  }

  private String traceId() {
    return TraceparentCodec.traceIdHex(span.spanContext().traceIdHigh(), span.spanContext().traceIdLow());
  }

  @Test
  void theDefaultFormatIsSimpleFormattersWithTheTraceFieldsAfterTheMessage() {
    String line;
    try (Scope ignored = span.makeCurrent()) {
      line = new TraceContextFormatter().format(record("order placed"));
    }

    assertThat(line)
        .contains("INFO: order placed trace_id=" + traceId())
        .contains(" span_id=" + TraceparentCodec.spanIdHex(span.spanContext().spanId()))
        .contains(" trace_flags=");
  }

  @Test
  void outsideASpanTheLineHasNoTraceFields() {
    assertThat(new TraceContextFormatter().format(record("started"))).contains("INFO: started").doesNotContain("trace_id");
  }

  @Test
  void aConfiguredFormatPlacesEachFieldByPosition() {
    System.setProperty(FORMAT_PROPERTY, "%4$s %5$s [%7$s/%8$s/%9$s]%n");
    String line;
    try (Scope ignored = span.makeCurrent()) {
      line = new TraceContextFormatter().format(record("paid"));
    }

    assertThat(line).startsWith("INFO paid [" + traceId() + "/");
  }

  @Test
  void withTheJulInstrumentationOffTheFieldsStayEmpty() {
    JulCorrelation.enable(false);
    String line;
    try (Scope ignored = span.makeCurrent()) {
      line = new TraceContextFormatter().format(record("paid"));
    }

    assertThat(line).doesNotContain("trace_id");
  }

  @Test
  void aBrokenFormatFallsBackToTheDefault() {
    System.setProperty(FORMAT_PROPERTY, "%99$d");

    assertThat(new TraceContextFormatter().format(record("still logged"))).contains("INFO: still logged");
  }
}
