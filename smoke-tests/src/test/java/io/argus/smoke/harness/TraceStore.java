package io.argus.smoke.harness;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What an OTLP trace receiver got, shared by {@link OtlpHttpReceiver} and {@link OtlpGrpcReceiver}. Thread-safe;
 * waiting methods are bounded by their timeout.
 *
 * <p>Counts: {@link #requestCount()} is every export call that reached the receiver (including those answered with
 * an injected fault or rejected as undecodable); {@link #requests()} and {@link #spans()} hold only the requests that
 * were accepted (answered with success, possibly after a delay).
 */
public final class TraceStore {

  private static final int SHOWN_SPANS = 30;

  private final List<ExportTraceServiceRequest> requests = new ArrayList<>();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<String> errors = new ArrayList<>();
  private int requestCount;

  /** Counts one export call, whatever its fate. */
  public synchronized void countRequest() {
    requestCount++;
    notifyAll();
  }

  /** Records an accepted request and its spans. */
  public synchronized void accept(ExportTraceServiceRequest request) {
    requests.add(request);
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(new ReceivedSpan(span, resourceSpans.getResource(), scopeSpans.getScope().getName()));
        }
      }
    }
    notifyAll();
  }

  /** Records a request the receiver could not take (bad content type, undecodable body, ...). */
  public synchronized void error(String description) {
    errors.add(description);
    notifyAll();
  }

  public synchronized int requestCount() {
    return requestCount;
  }

  public synchronized List<ExportTraceServiceRequest> requests() {
    return List.copyOf(requests);
  }

  public synchronized List<ReceivedSpan> spans() {
    return List.copyOf(spans);
  }

  public synchronized List<ReceivedSpan> spans(Predicate<ReceivedSpan> predicate) {
    return spans.stream().filter(predicate).toList();
  }

  /** Requests that could not be decoded or were of an unsupported kind. */
  public synchronized List<String> errors() {
    return List.copyOf(errors);
  }

  /** Forgets everything received so far (requests, spans, errors and the request count). */
  public synchronized void clear() {
    requests.clear();
    spans.clear();
    errors.clear();
    requestCount = 0;
  }

  /**
   * Waits until at least {@code minCount} received spans match, and returns all those that match then. Fails with the
   * spans received so far if that does not happen within {@code timeout}.
   */
  public List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> predicate, int minCount, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        List<ReceivedSpan> matching = spans(predicate);
        if (matching.size() >= minCount) {
          return matching;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError("expected at least " + minCount + " matching span(s) within " + timeout
              + ", got " + matching.size() + "\n" + describe());
        }
        waitNanos(remaining);
      }
    }
  }

  /** Waits until at least {@code minCount} export calls have reached the receiver; returns the count then. */
  public int awaitRequestCount(int minCount, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (requestCount < minCount) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new AssertionError("expected at least " + minCount + " export request(s) within " + timeout
              + ", got " + requestCount + "\n" + describe());
        }
        waitNanos(remaining);
      }
      return requestCount;
    }
  }

  /** A summary for failure messages: counts, errors and the last spans received. */
  public synchronized String describe() {
    StringBuilder sb = new StringBuilder()
        .append("requests: ").append(requestCount).append(" received, ").append(requests.size())
        .append(" accepted; spans: ").append(spans.size());
    if (!errors.isEmpty()) {
      sb.append("\nerrors: ").append(errors);
    }
    int from = Math.max(0, spans.size() - SHOWN_SPANS);
    if (from > 0) {
      sb.append("\n(").append(from).append(" earlier spans not shown)");
    }
    for (ReceivedSpan span : spans.subList(from, spans.size())) {
      sb.append("\n  ").append(span);
    }
    return sb.toString();
  }

  private void waitNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.timedWait(this, nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for spans", e);
    }
  }
}
