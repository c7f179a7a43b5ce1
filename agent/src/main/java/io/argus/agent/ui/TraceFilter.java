package io.argus.agent.ui;

import java.util.Comparator;
import java.util.Locale;

/** The viewer's filters: text in the root span's name or the service, errors only, a minimum duration; and the order. */
public final class TraceFilter {
  private final String text;
  private final boolean errorsOnly;
  private final long minDurationNanos;
  private final boolean byDuration;

  public TraceFilter(String text, boolean errorsOnly, long minDurationNanos, boolean byDuration) {
    this.text = text == null || text.trim().isEmpty() ? null : text.trim().toLowerCase(Locale.ROOT);
    this.errorsOnly = errorsOnly;
    this.minDurationNanos = minDurationNanos;
    this.byDuration = byDuration;
  }

  boolean accepts(TraceSummary trace) {
    if (errorsOnly && !trace.error) {
      return false;
    }
    if (trace.durationNanos < minDurationNanos) {
      return false;
    }
    if (text == null) {
      return true;
    }
    return contains(trace.rootName) || contains(trace.service);
  }

  private boolean contains(String value) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(text);
  }

  Comparator<TraceSummary> order() {
    if (byDuration) {
      return new Comparator<TraceSummary>() {
        @Override
        public int compare(TraceSummary a, TraceSummary b) {
          return Long.compare(b.durationNanos, a.durationNanos);
        }
      };
    }
    return new Comparator<TraceSummary>() {
      @Override
      public int compare(TraceSummary a, TraceSummary b) {
        return Long.compare(b.startEpochNanos, a.startEpochNanos);
      }
    };
  }
}
