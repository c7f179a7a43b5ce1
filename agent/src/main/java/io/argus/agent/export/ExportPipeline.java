package io.argus.agent.export;

import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.AgentThread;
import io.argus.bootstrap.ArgusSpan;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The single {@code argus-export} daemon thread: drains the {@link SpanQueue} into batches, copies each span out as
 * {@link ArgusSpanData} (OpenTelemetry's {@link SpanData}, its formatting left to whoever needs it), and hands each
 * batch to every {@link ExporterChannel}. A batch leaves when it is full or when its oldest span has waited the
 * configured delay, whichever comes first.
 *
 * <p>At JVM shutdown the thread drains what is left and flushes the exporters, within a fixed time budget; whatever
 * does not make it is counted as dropped, and the JVM is never held longer than the budget.
 */
public final class ExportPipeline implements Runnable {
  private static final AgentLog LOG = AgentLog.get("export");

  /** Something besides the exporters that wants every exported span, e.g. the recent-trace store. */
  public interface BatchListener {
    void onBatch(List<ArgusSpanData> batch);
  }

  private final SpanQueue queue;
  private final List<ExporterChannel> channels;
  private final Resource resource;
  private final int batchSize;
  private final long delayNanos;
  private final List<BatchListener> listeners = new CopyOnWriteArrayList<BatchListener>();
  private final LongAdder droppedAtShutdown = new LongAdder();
  private final LongAdder conversionErrors = new LongAdder();
  private volatile boolean running = true;
  private volatile long shutdownDeadlineNanos;
  private Thread thread;

  public ExportPipeline(
      SpanQueue queue, List<ExporterChannel> channels, Resource resource, int batchSize, long delayMillis) {
    this.queue = queue;
    this.channels = Collections.unmodifiableList(new ArrayList<ExporterChannel>(channels));
    this.resource = resource;
    this.batchSize = batchSize;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
  }

  public void addListener(BatchListener listener) {
    listeners.add(listener);
  }

  public synchronized void start() {
    if (thread != null) {
      return;
    }
    thread = new AgentThread(this, "argus-export");
    queue.bindConsumer(thread);
    thread.start();
  }

  @Override
  public void run() {
    List<ArgusSpan> drained = new ArrayList<ArgusSpan>(batchSize);
    List<ArgusSpanData> batch = new ArrayList<ArgusSpanData>(batchSize);
    long batchStart = 0;
    while (running) {
      try {
        convert(drained, batch);
        if (!batch.isEmpty() && batchStart == 0) {
          batchStart = System.nanoTime();
        }
        if (batch.size() >= batchSize
            || (!batch.isEmpty() && System.nanoTime() - batchStart >= delayNanos)) {
          dispatch(batch);
          batch = new ArrayList<ArgusSpanData>(batchSize);
          batchStart = 0;
          continue;
        }
        long wait = batch.isEmpty() ? delayNanos : delayNanos - (System.nanoTime() - batchStart);
        if (wait > 0 && running) {
          queue.awaitBatch(wait);
        }
      } catch (Throwable t) {
        LOG.once(AgentLog.Level.ERROR, "export-loop", "export_loop_error", t);
        batch = new ArrayList<ArgusSpanData>(batchSize);
        batchStart = 0;
      }
    }
    drainAtShutdown(drained, batch);
  }

  private void convert(List<ArgusSpan> drained, List<ArgusSpanData> batch) {
    queue.drainTo(drained, batchSize - batch.size());
    for (int i = 0; i < drained.size(); i++) {
      try {
        batch.add(new ArgusSpanData(drained.get(i), resource));
      } catch (Throwable t) {
        conversionErrors.increment();
        LOG.once(AgentLog.Level.ERROR, "convert", "span_conversion_failed", t, "span", String.valueOf(drained.get(i)));
      }
    }
    drained.clear();
  }

  private void dispatch(List<ArgusSpanData> batch) {
    List<ArgusSpanData> readOnly = Collections.unmodifiableList(batch);
    List<SpanData> asSpanData = Collections.<SpanData>unmodifiableList(batch);
    for (ExporterChannel channel : channels) {
      channel.export(asSpanData);
    }
    for (BatchListener listener : listeners) {
      try {
        listener.onBatch(readOnly);
      } catch (Throwable t) {
        LOG.once(AgentLog.Level.ERROR, "listener", "batch_listener_failed", t);
      }
    }
  }

  private void drainAtShutdown(List<ArgusSpan> drained, List<ArgusSpanData> batch) {
    try {
      do {
        convert(drained, batch);
        if (!batch.isEmpty()) {
          dispatch(batch);
          batch = new ArrayList<ArgusSpanData>(batchSize);
        }
      } while (queue.depth() > 0 && System.nanoTime() < shutdownDeadlineNanos);
      for (ExporterChannel channel : channels) {
        long remaining = TimeUnit.NANOSECONDS.toMillis(shutdownDeadlineNanos - System.nanoTime());
        if (remaining <= 0 || !channel.flush(remaining)) {
          LOG.warn("shutdown_flush_incomplete", "exporter", channel.name(), "in_flight_batches", channel.inFlight());
        }
      }
    } catch (Throwable t) {
      LOG.error("shutdown_flush_failed", t);
    } finally {
      droppedAtShutdown.add(queue.depth());
    }
  }

  /**
   * Stops the thread after a last drain and flush, waiting at most {@code timeoutMillis} in all. Called from the
   * agent's shutdown hook.
   */
  public void shutdown(long timeoutMillis) {
    long start = System.nanoTime();
    shutdownDeadlineNanos = start + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    running = false;
    Thread exportThread;
    synchronized (this) {
      exportThread = thread;
    }
    if (exportThread == null) {
      droppedAtShutdown.add(queue.depth());
      return;
    }
    queue.wakeConsumer();
    try {
      exportThread.join(Math.max(1, timeoutMillis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (exportThread.isAlive()) {
      LOG.warn("shutdown_timeout", "timeout_ms", timeoutMillis, "queued_spans", queue.depth());
    }
    for (ExporterChannel channel : channels) {
      long remaining = TimeUnit.NANOSECONDS.toMillis(shutdownDeadlineNanos - System.nanoTime());
      channel.shutdown(Math.max(1, Math.min(remaining, 1000)));
    }
  }

  public List<ExporterChannel> channels() {
    return channels;
  }

  public long droppedAtShutdown() {
    return droppedAtShutdown.sum();
  }

  public long conversionErrors() {
    return conversionErrors.sum();
  }
}
