package io.argus.smoke.harness;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * An OTLP trace receiver on 127.0.0.1: {@link OtlpHttpReceiver} or {@link OtlpGrpcReceiver}. What it received is
 * kept in its {@link TraceStore}; the accessors here delegate to it.
 */
public interface OtlpTraceReceiver extends AutoCloseable {

  TraceStore store();

  /** {@code http://127.0.0.1:<port>} (for OTLP/HTTP the exporter appends or is given {@code /v1/traces}). */
  String endpoint();

  int port();

  /** Starts listening again on the same port after {@link #stop()}; a no-op if running. */
  void start();

  /** Stops listening (connections refused) until {@link #start()}; the received data is kept. */
  void stop();

  boolean isRunning();

  /** Stops for good. */
  @Override
  void close();

  /** Accepted export requests. */
  default List<ExportTraceServiceRequest> requests() {
    return store().requests();
  }

  /** Spans of the accepted requests, flattened, in arrival order. */
  default List<ReceivedSpan> spans() {
    return store().spans();
  }

  default List<ReceivedSpan> spans(Predicate<ReceivedSpan> predicate) {
    return store().spans(predicate);
  }

  /** Every export call that reached the receiver, including faulted and rejected ones. */
  default int requestCount() {
    return store().requestCount();
  }

  /** See {@link TraceStore#awaitSpans}. */
  default List<ReceivedSpan> awaitSpans(Predicate<ReceivedSpan> predicate, int minCount, Duration timeout) {
    return store().awaitSpans(predicate, minCount, timeout);
  }

  /** The first span matching, waiting up to {@code timeout}. */
  default ReceivedSpan awaitSpan(Predicate<ReceivedSpan> predicate, Duration timeout) {
    return store().awaitSpans(predicate, 1, timeout).get(0);
  }

  /** See {@link TraceStore#awaitRequestCount}. */
  default int awaitRequestCount(int minCount, Duration timeout) {
    return store().awaitRequestCount(minCount, timeout);
  }

  /** Forgets everything received so far. */
  default void clear() {
    store().clear();
  }
}
