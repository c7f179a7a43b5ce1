package io.argus.bootstrap.jul;

import io.argus.bootstrap.logging.LogCorrelation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.IllegalFormatException;
import java.util.logging.Formatter;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * A java.util.logging formatter that writes the current trace fields next to each record. Configure it like
 * {@code SimpleFormatter}, in logging.properties:
 *
 * <pre>
 * handlers = java.util.logging.ConsoleHandler
 * java.util.logging.ConsoleHandler.formatter = io.argus.bootstrap.jul.TraceContextFormatter
 * io.argus.bootstrap.jul.TraceContextFormatter.format = %1$tFT%1$tT.%1$tL %4$s %3$s - %5$s%11$s%6$s%n
 * </pre>
 *
 * The format (LogManager property, else the system property of the same name) takes SimpleFormatter's arguments 1 to
 * 6 (date, source, logger, level, message, thrown) and: 7 trace id, 8 span id, 9 trace flags, 10 request id (each
 * empty when absent), 11 all of them as {@code " trace_id=... span_id=... trace_flags=..."} with the configured keys
 * (empty outside a span).
 *
 * <p>The fields are those of the thread that formats: JUL's handlers format synchronously in the logging call, so
 * that is the logging thread. The class is on the bootstrap class path with the agent, so any handler finds it.
 */
public class TraceContextFormatter extends Formatter {
  static final String DEFAULT_FORMAT = "%1$tb %1$td, %1$tY %1$tl:%1$tM:%1$tS %1$Tp %2$s%n%4$s: %5$s%11$s%6$s%n";

  private final String format;

  public TraceContextFormatter() {
    this.format = configuredFormat(getClass().getName() + ".format");
  }

  @Override
  public String format(LogRecord record) {
    ZonedDateTime time = ZonedDateTime.ofInstant(Instant.ofEpochMilli(record.getMillis()), ZoneId.systemDefault());
    String source =
        record.getSourceClassName() == null
            ? record.getLoggerName()
            : record.getSourceClassName()
                + (record.getSourceMethodName() == null ? "" : " " + record.getSourceMethodName());
    String thrown = "";
    if (record.getThrown() != null) {
      StringWriter text = new StringWriter();
      PrintWriter writer = new PrintWriter(text);
      writer.println();
      record.getThrown().printStackTrace(writer);
      writer.close();
      thrown = text.toString();
    }
    LogCorrelation.TraceFields fields = JulCorrelation.isEnabled() ? LogCorrelation.current("jul") : null;
    return String.format(
        format,
        time,
        source,
        record.getLoggerName(),
        record.getLevel().getLocalizedName(),
        formatMessage(record),
        thrown,
        fields == null ? "" : fields.traceId(),
        fields == null ? "" : fields.spanId(),
        fields == null ? "" : fields.traceFlags(),
        fields == null || fields.requestId() == null ? "" : fields.requestId(),
        fields == null ? "" : inline(fields));
  }

  private static String inline(LogCorrelation.TraceFields fields) {
    StringBuilder text = new StringBuilder(96);
    for (int i = 0; i < fields.size(); i++) {
      text.append(' ').append(fields.key(i)).append('=').append(fields.value(i));
    }
    return text.toString();
  }

  /** As SimpleFormatter: a format that does not work with these arguments is reported once and replaced. */
  static String configuredFormat(String property) {
    String configured = LogManager.getLogManager().getProperty(property);
    if (configured == null) {
      configured = System.getProperty(property);
    }
    if (configured == null) {
      return DEFAULT_FORMAT;
    }
    try {
      String.format(
          configured, ZonedDateTime.now(), "", "", "", "", "", "", "", "", "", "");
      return configured;
    } catch (IllegalFormatException e) {
      System.err.println("Bad format for " + property + " (" + e + "); using the default format");
      return DEFAULT_FORMAT;
    }
  }
}
