package io.argus.agent.export;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.SpanSink;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * The hand-off from application threads to the export thread: a bounded, lock-free multi-producer/single-consumer
 * ring buffer. {@link #onEnd} never blocks and never allocates; when the buffer is full the span is dropped and
 * counted, because an observability agent must never slow its application down to keep its own data.
 *
 * <p>The export thread parks while it waits for a batch; a producer wakes it only when a whole batch is ready, so a
 * busy service pays one {@code unpark} per batch rather than per span. The {@code Atomic} JCTools variant avoids
 * {@code sun.misc.Unsafe}, which JDK 23+ warns about.
 */
public final class SpanQueue implements SpanSink {
  private final MpscAtomicArrayQueue<ArgusSpan> queue;
  private final int capacity;
  private final int wakeUpThreshold;
  private final LongAdder droppedFull = new LongAdder();
  private volatile Thread consumer;
  private volatile boolean consumerParked;

  public SpanQueue(int capacity, int wakeUpThreshold) {
    this.queue = new MpscAtomicArrayQueue<ArgusSpan>(capacity);
    this.capacity = queue.capacity();
    this.wakeUpThreshold = Math.max(1, Math.min(wakeUpThreshold, this.capacity));
  }

  @Override
  public void onEnd(ArgusSpan span) {
    if (!queue.offer(span)) {
      droppedFull.increment();
      return;
    }
    if (consumerParked && queue.size() >= wakeUpThreshold) {
      wakeConsumer();
    }
  }

  /** Moves up to {@code max} spans into {@code batch}. Single consumer: the export thread only. */
  public int drainTo(java.util.List<ArgusSpan> batch, int max) {
    int drained = 0;
    ArgusSpan span;
    while (drained < max && (span = queue.relaxedPoll()) != null) {
      batch.add(span);
      drained++;
    }
    return drained;
  }

  /**
   * Registers the export thread before it starts, so that a wake-up sent before its first park (at shutdown, say) is
   * not lost: {@code unpark} on a thread that is not parked yet makes its next park return at once.
   */
  void bindConsumer(Thread thread) {
    consumer = thread;
  }

  /** Parks the export thread for at most {@code nanos}, unless a batch is already waiting. */
  void awaitBatch(long nanos) {
    consumerParked = true;
    try {
      if (queue.size() < wakeUpThreshold) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      consumerParked = false;
    }
  }

  void wakeConsumer() {
    Thread thread = consumer;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  public int depth() {
    return queue.size();
  }

  public int capacity() {
    return capacity;
  }

  public long droppedBecauseFull() {
    return droppedFull.sum();
  }
}
