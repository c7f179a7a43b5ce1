package io.argus.bootstrap;

/**
 * Receives every ended, sampled span. The agent installs one that hands the span to the export queue; it must never
 * block and never throw. After {@code onEnd} the span belongs to the sink: the application thread no longer touches
 * it.
 */
public interface SpanSink {
  void onEnd(ArgusSpan span);

  SpanSink DISCARD =
      new SpanSink() {
        @Override
        public void onEnd(ArgusSpan span) {}
      };
}
