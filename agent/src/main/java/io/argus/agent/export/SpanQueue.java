package io.argus.agent.export;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.SpanSink;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.atomic.MpscAtomicArrayQueue;

/**
 * The hand-off from application threads to the export thread: a bounded, lock-free multi-producer/single-consumer
 * ring buffer. {@link #onEnd} never blocks and never allocates; when the buffer is full the span is dropped and
 * counted, because an observability agent must never slow its application down to keep its own data.
 *
 * <p>The export thread parks while it waits for a batch; a producer wakes it only when a whole batch is ready, and only
 * the one producer that clears the "parked" flag does, so a busy service pays one {@code unpark} per batch rather than
 * one per span ended between the wake-up and the export thread running again (a system call each: measured, it was a
 * sixth of a traced call's cost at saturation). The {@code Atomic} JCTools variant avoids
 * {@code sun.misc.Unsafe}, which JDK 23+ warns about.
 */
public final class SpanQueue implements SpanSink {
  private final MpscAtomicArrayQueue<ArgusSpan> queue;
  private final int capacity;
  private final int wakeUpThreshold;
  private final LongAdder droppedFull = new LongAdder();
  private static final AtomicIntegerFieldUpdater<SpanQueue> PARKED =
      AtomicIntegerFieldUpdater.newUpdater(SpanQueue.class, "consumerParked");

  private volatile Thread consumer;
  /** 1 while the export thread parks and nobody has woken it yet. */
  private volatile int consumerParked;

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
    if (consumerParked == 1 && queue.size() >= wakeUpThreshold && PARKED.compareAndSet(this, 1, 0)) {
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
    consumerParked = 1;
    try {
      if (queue.size() < wakeUpThreshold) {
        LockSupport.parkNanos(this, nanos);
      }
    } finally {
      consumerParked = 0;
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
