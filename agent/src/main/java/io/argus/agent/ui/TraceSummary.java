package io.argus.agent.ui;

/** One line of the recent-traces list. */
public final class TraceSummary {
  final String traceId;
  final String rootName;
  final String rootKind;
  final String service;
  final long startEpochNanos;
  final long durationNanos;
  final int spanCount;
  final boolean error;

  TraceSummary(
      String traceId, String rootName, String rootKind, String service, long startEpochNanos, long durationNanos,
      int spanCount, boolean error) {
    this.traceId = traceId;
    this.rootName = rootName;
    this.rootKind = rootKind;
    this.service = service;
    this.startEpochNanos = startEpochNanos;
    this.durationNanos = durationNanos;
    this.spanCount = spanCount;
    this.error = error;
  }
}
