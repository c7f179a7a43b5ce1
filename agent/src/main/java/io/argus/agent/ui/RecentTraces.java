package io.argus.agent.ui;

import io.argus.agent.export.ArgusSpanData;
import io.argus.agent.export.ExportPipeline;
import io.argus.bootstrap.propagation.TraceparentCodec;
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
  private final LinkedHashMap<TraceKey, StoredTrace> traces =
      new LinkedHashMap<TraceKey, StoredTrace>(64, 0.75f, true);
  /** The key looked up for each exported span: one made per new trace, not per span. Used under the lock. */
  private final TraceKey probe = new TraceKey(0, 0);
  private long bytes;
  private long evicted;

  public RecentTraces(int maxTraces, long maxBytes) {
    this.maxTraces = maxTraces;
    this.maxBytes = maxBytes;
  }

  @Override
  public synchronized void onBatch(List<ArgusSpanData> batch) {
    for (ArgusSpanData span : batch) {
      probe.high = span.ids().traceIdHigh();
      probe.low = span.ids().traceIdLow();
      StoredTrace trace = traces.get(probe);
      if (trace == null) {
        trace = new StoredTrace(probe.high, probe.low);
        traces.put(trace, trace);
      }
      long size = estimateBytes(span);
      trace.add(span, size);
      bytes += size;
    }
    Iterator<Map.Entry<TraceKey, StoredTrace>> eldest = traces.entrySet().iterator();
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
    // parseHexLong alone would read anything that is not hex as zeros.
    if (traceId == null || traceId.length() != 32 || !TraceparentCodec.isLowerHex(traceId, 0, 32)) {
      return null;
    }
    TraceKey key = new TraceKey(TraceparentCodec.parseHexLong(traceId, 0), TraceparentCodec.parseHexLong(traceId, 16));
    StoredTrace trace = traces.get(key);
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

  /**
   * A rough in-memory size: strings dominate, so count their characters twice and add object overhead. Read from the
   * span's raw attributes: this runs on the export thread for every span.
   */
  static long estimateBytes(ArgusSpanData span) {
    long size = 200 + 2L * span.getName().length();
    for (int i = 0; i < span.attributeCount(); i++) {
      Object value = span.attributeValue(i);
      size += 48 + 2L * span.attributeKey(i).length() + (value instanceof String ? 2L * ((String) value).length() : 24);
    }
    if (span.getEvents().isEmpty()) {
      return size;
    }
    final long[] eventsSize = {0};
    for (EventData event : span.getEvents()) {
      eventsSize[0] += 64 + 2L * event.getName().length();
      event.getAttributes().forEach((key, value) -> eventsSize[0] += 48 + 2L * String.valueOf(value).length());
    }
    return size + eventsSize[0];
  }

  /** A trace id as the map's key: its two halves, no hex text made per span. */
  private static class TraceKey {
    long high;
    long low;

    TraceKey(long high, long low) {
      this.high = high;
      this.low = low;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof TraceKey && ((TraceKey) other).high == high && ((TraceKey) other).low == low;
    }

    @Override
    public int hashCode() {
      return (int) (high ^ (high >>> 32)) * 31 + (int) (low ^ (low >>> 32));
    }
  }

  /** A trace's spans, and its own key in the map (one object fewer per trace). */
  private static final class StoredTrace extends TraceKey {
    /** Most traces seen here are a request and its few calls. */
    final List<SpanData> spans = new ArrayList<SpanData>(4);
    long bytes;

    StoredTrace(long high, long low) {
      super(high, low);
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
          TraceparentCodec.traceIdHex(high, low),
          root.getName(),
          root.getKind().name(),
          service,
          start,
          end - start,
          spans.size(),
          error);
    }
  }
}
