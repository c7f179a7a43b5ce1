package io.argus.agent.export;

import io.argus.agent.log.AgentLog;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One backend as the export thread sees it: the exporter, how many of its batches are still in flight, and what
 * became of the spans handed to it. Exports are asynchronous, so a slow or dead backend (whose own retries with
 * backoff may take a while) never holds up the export thread or the other backends: once it has
 * {@link #maxInFlight} batches outstanding, further batches for it are dropped and counted as {@code exporter_busy}.
 * Memory stays bounded whatever the backend does.
 */
public final class ExporterChannel {
  private static final AgentLog LOG = AgentLog.get("export");

  public enum State {
    STARTING,
    OK,
    FAILING
  }

  private final String name;
  private final SpanExporter exporter;
  private final int maxInFlight;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong exportsStarted = new AtomicLong();
  private final AtomicLong inFlightSpans = new AtomicLong();
  /** Sequence number of the latest-started export whose outcome set {@link #state}; guarded by {@code this}. */
  private long stateSetBy;
  private final LongAdder exported = new LongAdder();
  private final LongAdder droppedBusy = new LongAdder();
  private final LongAdder droppedFailed = new LongAdder();
  private final LongAdder failedExports = new LongAdder();
  private final ExportLatency latency;
  private volatile State state = State.STARTING;
  private volatile String lastError;
  private volatile long lastErrorEpochMillis;
  private volatile long lastSuccessEpochMillis;

  /** Receives the duration of each finished export call. */
  public interface ExportLatency {
    void record(String exporter, double seconds);
  }

  public ExporterChannel(String name, SpanExporter exporter, int maxInFlight, ExportLatency latency) {
    this.name = name;
    this.exporter = exporter;
    this.maxInFlight = maxInFlight;
    this.latency = latency;
  }

  /** Hands a batch over without waiting for the result; the batch list must not be reused by the caller. */
  void export(final Collection<SpanData> batch) {
    if (inFlight.incrementAndGet() > maxInFlight) {
      inFlight.decrementAndGet();
      droppedBusy.add(batch.size());
      LOG.once(
          AgentLog.Level.WARN,
          "busy:" + name,
          "exporter_busy",
          null,
          "exporter",
          name,
          "detail",
          "backend too slow; batches are dropped and counted until it catches up",
          "max_in_flight_batches",
          maxInFlight);
      return;
    }
    final long start = System.nanoTime();
    final long sequence = exportsStarted.incrementAndGet();
    inFlightSpans.addAndGet(batch.size());
    final CompletableResultCode result;
    try {
      result = exporter.export(batch);
    } catch (Throwable t) {
      inFlight.decrementAndGet();
      onFailure(sequence, batch.size(), t);
      inFlightSpans.addAndGet(-batch.size());
      return;
    }
    result.whenComplete(
        new Runnable() {
          @Override
          public void run() {
            inFlight.decrementAndGet();
            latency.record(name, (System.nanoTime() - start) / 1e9);
            if (result.isSuccess()) {
              onSuccess(sequence, batch.size());
            } else {
              onFailure(sequence, batch.size(), result.getFailureThrowable());
            }
            // Only once counted as exported or dropped: a reader never sees the spans in neither count.
            inFlightSpans.addAndGet(-batch.size());
          }
        });
  }

  /**
   * Sets the state to {@code outcome} if the export numbered {@code sequence} started after the one that last set it,
   * and returns the state it replaced; null if it did not set it: with batches in flight together, an old batch that
   * finishes late (still retrying into an outage that is over, or sent just before one began) must not override what
   * newer batches found. Check and set are one step, so two batches that succeed together log one recovery.
   */
  private synchronized State setState(long sequence, State outcome) {
    if (sequence < stateSetBy) {
      return null;
    }
    stateSetBy = sequence;
    State previous = state;
    state = outcome;
    return previous;
  }

  private void onSuccess(long sequence, int spans) {
    exported.add(spans);
    lastSuccessEpochMillis = System.currentTimeMillis();
    if (setState(sequence, State.OK) == State.FAILING) {
      LOG.info("exporter_recovered", "exporter", name);
      AgentLog.resetOnce("failure:" + name);
      AgentLog.resetOnce("busy:" + name);
    }
  }

  private void onFailure(long sequence, int spans, Throwable cause) {
    failedExports.increment();
    droppedFailed.add(spans);
    String message =
        cause == null
            ? "export failed (the exporter gave up after its retries)"
            : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    lastError = message;
    lastErrorEpochMillis = System.currentTimeMillis();
    if (setState(sequence, State.FAILING) == null) {
      return;
    }
    LOG.once(
        AgentLog.Level.ERROR,
        "failure:" + name,
        "exporter_failed",
        null,
        "exporter",
        name,
        "detail",
        message,
        "consequence",
        "spans of failed batches are dropped and counted; export resumes when the backend recovers");
  }

  /** Waits up to the given time for in-flight exports to complete; true if they all did. */
  boolean flush(long timeoutMillis) {
    CompletableResultCode result = exporter.flush();
    result.join(timeoutMillis, TimeUnit.MILLISECONDS);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return inFlight.get() == 0;
  }

  void shutdown(long timeoutMillis) {
    try {
      exporter.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (Throwable ignored) {
      // shutting down anyway
    }
  }

  public String name() {
    return name;
  }

  public State state() {
    return state;
  }

  public String lastError() {
    return lastError;
  }

  public long lastErrorEpochMillis() {
    return lastErrorEpochMillis;
  }

  public long lastSuccessEpochMillis() {
    return lastSuccessEpochMillis;
  }

  public long exported() {
    return exported.sum();
  }

  public long droppedBusy() {
    return droppedBusy.sum();
  }

  public long droppedFailed() {
    return droppedFailed.sum();
  }

  public long failedExports() {
    return failedExports.sum();
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Spans of the batches in flight: neither accepted nor dropped yet. */
  public long inFlightSpans() {
    return inFlightSpans.get();
  }
}
