package io.argus.agent.protection;

import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.AgentThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Self-protection: stops recording spans while the agent is itself a burden, and starts again when it no longer is.
 * Two conditions open the breaker:
 *
 * <ul>
 *   <li><b>queue overflow</b>: at least {@code queueDrops} spans were dropped at the full span queue within one
 *       window — spans are being made faster than they can be shipped, so making them is wasted work. Recording
 *       resumes after one whole window paused (nothing recorded means nothing to overflow, so time is the only
 *       signal), and pauses again at once if the overflow goes on;
 *   <li><b>heap pressure</b>: the heap in use right after a garbage collection is at least {@code heapRatio} of the
 *       maximum — the application is short of memory, and spans waiting for export add to it. Recording resumes at
 *       the first collection that leaves less than {@code heapResumeRatio} in use.
 * </ul>
 *
 * <p>The breaker only flips {@link RecordingSwitch}: the hot path reads one volatile field and knows nothing of all
 * this. Metrics never depend on recorded spans, so they stay exact while paused. Each pause and each resume is said
 * once in the agent log (stderr by default), and shown on {@code /status} and {@code /metrics}.
 *
 * <p>{@link #check} holds the logic and is called by one thread only: the {@code argus-breaker} daemon thread
 * started by {@link #start}, or a test.
 */
public final class SpanRecordingBreaker implements Runnable {
  private static final AgentLog LOG = AgentLog.get("breaker");

  public enum Reason {
    QUEUE_OVERFLOW("queue_overflow"),
    HEAP_PRESSURE("heap_pressure");

    public final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  /** What the breaker turns off and on: the tracer's recording. */
  public interface RecordingSwitch {
    void pause();

    void resume();
  }

  private final RecordingSwitch recording;
  private final LongSupplier queueDrops;
  private final DoubleSupplier heapAfterGcRatio;
  private final long queueDropsThreshold;
  private final long windowMillis;
  private final double heapRatio;
  private final double heapResumeRatio;
  private final LongAdder queuePauses = new LongAdder();
  private final LongAdder heapPauses = new LongAdder();

  private volatile Reason openReason; // null: closed, spans are recorded
  private volatile long openedAtMillis;
  private volatile String openDetail;
  private volatile boolean stopped;
  private long windowStartMillis = -1;
  private long windowStartDrops;
  private Thread thread;

  /**
   * @param queueDrops          the running count of spans dropped because the queue was full
   * @param heapAfterGcRatio    heap used after the last collection / maximum heap, NaN while unknown
   * @param queueDropsThreshold drops within one window that open the breaker; 0 turns this condition off
   * @param heapRatio           after-GC ratio that opens the breaker; 1 or more turns this condition off
   * @param heapResumeRatio     after-GC ratio below which a heap pause ends (at most {@code heapRatio})
   */
  public SpanRecordingBreaker(
      RecordingSwitch recording,
      LongSupplier queueDrops,
      DoubleSupplier heapAfterGcRatio,
      long queueDropsThreshold,
      long windowMillis,
      double heapRatio,
      double heapResumeRatio) {
    this.recording = recording;
    this.queueDrops = queueDrops;
    this.heapAfterGcRatio = heapAfterGcRatio;
    this.queueDropsThreshold = queueDropsThreshold;
    this.windowMillis = windowMillis;
    this.heapRatio = heapRatio;
    this.heapResumeRatio = Math.min(heapResumeRatio, heapRatio);
  }

  /** Starts the {@code argus-breaker} daemon thread, which checks a few times per window (at least once a second). */
  public synchronized void start() {
    if (thread == null) {
      thread = new AgentThread(this, "argus-breaker");
      thread.start();
    }
  }

  /** How often the thread checks: five times per window, at most once a second, at least every 100 ms. */
  long checkIntervalMillis() {
    return Math.max(100, Math.min(1000, windowMillis / 5));
  }

  @Override
  public void run() {
    while (!stopped) {
      try {
        check(TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
      } catch (Throwable t) {
        LOG.once(AgentLog.Level.ERROR, "breaker-check", "breaker_check_failed", t);
      }
      try {
        Thread.sleep(checkIntervalMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Stops checking for good, leaving recording as it is (the shutdown flush pauses recording itself and must not be
   * resumed behind its back).
   */
  public void stop() {
    stopped = true;
    Thread current;
    synchronized (this) {
      current = thread;
    }
    if (current != null) {
      current.interrupt();
    }
  }

  /** One evaluation at {@code nowMillis} (any monotonic clock in milliseconds). */
  public synchronized void check(long nowMillis) {
    if (stopped) {
      return;
    }
    long drops = queueDrops.getAsLong();
    double heap = heapAfterGcRatio.getAsDouble();
    if (windowStartMillis < 0) {
      startWindow(nowMillis, drops);
    }
    boolean heapPressure = heapRatio < 1 && heap >= heapRatio; // NaN (unknown) compares false
    Reason reason = openReason;
    if (reason == null) {
      if (heapPressure) {
        open(Reason.HEAP_PRESSURE, nowMillis, String.format(
            "heap used after GC is %.0f%% of the maximum (threshold %.0f%%)", heap * 100, heapRatio * 100));
      } else if (queueDropsThreshold > 0 && drops - windowStartDrops >= queueDropsThreshold) {
        open(Reason.QUEUE_OVERFLOW, nowMillis, (drops - windowStartDrops) + " spans dropped at the full queue in "
            + (nowMillis - windowStartMillis) + " ms (threshold " + queueDropsThreshold + " per " + windowMillis
            + " ms)");
      } else if (nowMillis - windowStartMillis >= windowMillis) {
        startWindow(nowMillis, drops);
      }
    } else if (reason == Reason.QUEUE_OVERFLOW) {
      if (heapPressure) {
        openReason = Reason.HEAP_PRESSURE; // still paused; now it takes the heap to recover
        heapPauses.increment();
      } else if (nowMillis - openedAtMillis >= windowMillis) {
        close(nowMillis, drops);
      }
    } else if (!(heap >= heapResumeRatio)) { // heap pressure gone (a later collection freed enough)
      close(nowMillis, drops);
    }
  }

  private void startWindow(long nowMillis, long drops) {
    windowStartMillis = nowMillis;
    windowStartDrops = drops;
  }

  private void open(Reason reason, long nowMillis, String detail) {
    openReason = reason;
    openedAtMillis = nowMillis;
    openDetail = detail;
    (reason == Reason.QUEUE_OVERFLOW ? queuePauses : heapPauses).increment();
    recording.pause();
    LOG.warn(
        "span_recording_paused",
        "reason",
        reason.label,
        "detail",
        detail,
        "consequence",
        "new spans are not recorded (counted as dropped, reason recording_paused); metrics continue; recording "
            + "resumes by itself when the pressure is gone");
  }

  private void close(long nowMillis, long drops) {
    Reason reason = openReason;
    openReason = null;
    openDetail = null;
    startWindow(nowMillis, drops); // drops from before the pause must not count again
    recording.resume();
    LOG.info("span_recording_resumed", "reason", reason.label, "paused_ms", nowMillis - openedAtMillis);
  }

  /** Null while spans are recorded; the reason while paused. */
  public Reason pausedFor() {
    return openReason;
  }

  /** What was measured when the current pause began; null while recording. */
  public String pauseDetail() {
    return openDetail;
  }

  public long pauses(Reason reason) {
    return (reason == Reason.QUEUE_OVERFLOW ? queuePauses : heapPauses).sum();
  }

  public long queueDropsThreshold() {
    return queueDropsThreshold;
  }

  public long windowMillis() {
    return windowMillis;
  }

  public double heapRatio() {
    return heapRatio;
  }

  public double heapResumeRatio() {
    return heapResumeRatio;
  }

  /** The latest heap-after-GC ratio the breaker sees (NaN before the first collection). */
  public double heapAfterGcRatio() {
    return heapAfterGcRatio.getAsDouble();
  }
}
