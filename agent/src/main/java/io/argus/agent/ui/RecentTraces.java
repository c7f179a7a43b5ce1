package io.argus.agent.ui;

import io.argus.agent.export.ExportPipeline;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last traces the agent exported, for the built-in viewer: at most {@code maxTraces} traces and about
 * {@code maxBytes} of span data, the least recently updated trace evicted first. Fed by the export thread (never the
 * application's), read by the endpoint thread; both are rare enough for one lock.
 */
public final class RecentTraces implements ExportPipeline.BatchListener {
  private final int maxTraces;
  private final long maxBytes;
  /**
   * In access order: a trace moves to the end when it gets a span (or is looked at), so the eldest entry is the one
   * updated longest ago. One lookup per exported span, on the export thread.
   */
  private final LinkedHashMap<String, StoredTrace> traces = new LinkedHashMap<String, StoredTrace>(64, 0.75f, true);
  private long bytes;
  private long evicted;

  public RecentTraces(int maxTraces, long maxBytes) {
    this.maxTraces = maxTraces;
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized void onBatch(List<SpanData> batch) {
    for (SpanData span : batch) {
      String traceId = span.getTraceId();
      StoredTrace trace = traces.get(traceId);
      if (trace == null) {
        trace = new StoredTrace(traceId);
        traces.put(traceId, trace);
      }
      long size = estimateBytes(span);
      trace.add(span, size);
      bytes += size;
    }
    Iterator<Map.Entry<String, StoredTrace>> eldest = traces.entrySet().iterator();
    while ((traces.size() > maxTraces || bytes > maxBytes) && eldest.hasNext()) {
      StoredTrace trace = eldest.next().getValue();
      if (traces.size() == 1 && trace.bytes <= maxBytes) {
        break;
      }
      bytes -= trace.bytes;
      evicted++;
      eldest.remove();
    }
  }

  /** Summaries of the stored traces matching {@code filter}, newest or slowest first, at most {@code limit}. */
  public synchronized List<TraceSummary> search(TraceFilter filter, int limit) {
    List<TraceSummary> result = new ArrayList<TraceSummary>();
    for (StoredTrace trace : traces.values()) {
      TraceSummary summary = trace.summary();
      if (filter.accepts(summary)) {
        result.add(summary);
      }
    }
    java.util.Collections.sort(result, filter.order());
    return result.size() > limit ? new ArrayList<TraceSummary>(result.subList(0, limit)) : result;
  }

  /** The spans of one trace, oldest first, or null if it is not (or no longer) stored. */
  public synchronized List<SpanData> trace(String traceId) {
    StoredTrace trace = traces.get(traceId);
    return trace == null ? null : new ArrayList<SpanData>(trace.spans);
  }

  public synchronized int size() {
    return traces.size();
  }

  public synchronized long bytes() {
    return bytes;
  }

  public synchronized long evicted() {
    return evicted;
  }

  /** A rough in-memory size: strings dominate, so count their characters twice and add object overhead. */
  static long estimateBytes(SpanData span) {
    // forEach, not asMap(): this runs on the export thread for every span, and asMap() may build a map.
    final long[] size = {200 + 2L * span.getName().length()};
    span.getAttributes()
        .forEach((key, value) -> size[0] += 48 + 2L * key.getKey().length() + 2L * String.valueOf(value).length());
    for (EventData event : span.getEvents()) {
      size[0] += 64 + 2L * event.getName().length();
      event.getAttributes().forEach((key, value) -> size[0] += 48 + 2L * String.valueOf(value).length());
    }
    return size[0];
  }

  private static final class StoredTrace {
    final String traceId;
    final List<SpanData> spans = new ArrayList<SpanData>();
    long bytes;

    StoredTrace(String traceId) {
      this.traceId = traceId;
    }

    void add(SpanData span, long size) {
      spans.add(span);
      bytes += size;
    }

    TraceSummary summary() {
      SpanData root = null;
      long start = Long.MAX_VALUE;
      long end = Long.MIN_VALUE;
      boolean error = false;
      for (SpanData span : spans) {
        start = Math.min(start, span.getStartEpochNanos());
        end = Math.max(end, span.getEndEpochNanos());
        error |= span.getStatus().getStatusCode() == StatusCode.ERROR;
        if (!span.getParentSpanContext().isValid() || span.getParentSpanContext().isRemote()) {
          if (root == null || span.getStartEpochNanos() < root.getStartEpochNanos()) {
            root = span;
          }
        }
      }
      if (root == null) {
        root = spans.get(0); // the local root has not been exported yet
      }
      String service = root.getResource().getAttribute(AttributeKey.stringKey("service.name"));
      return new TraceSummary(
          traceId, root.getName(), root.getKind().name(), service, start, end - start, spans.size(), error);
    }
  }
}
