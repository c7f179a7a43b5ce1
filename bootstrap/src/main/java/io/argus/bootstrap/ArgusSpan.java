package io.argus.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A span being recorded. Created by {@link ArgusTracer}, mutated by the thread that owns the operation, and handed to
 * the {@link SpanSink} exactly once by {@link #end()}; after that it is read-only (the queue hand-off publishes it to
 * the export thread). An unsampled span is non-recording: it carries ids for propagation and ignores everything else.
 *
 * <p>Attributes are kept as parallel arrays of keys and values (String, Long, Double, Boolean) rather than a map: a
 * typical span has under a dozen, so a linear scan beats hashing and allocates nothing per attribute.
 */
public final class ArgusSpan {
  /** OpenTelemetry's default span limits. */
  static final int MAX_ATTRIBUTES = 128;

  static final int MAX_EVENTS = 128;

  /**
   * Status codes and ports boxed once and reused, a slot per value modulo the size: {@code Long.valueOf} caches only
   * up to 127, and an HTTP span made two new Longs. A racing thread at worst boxes again (Long's field is final).
   */
  private static final Long[] RECENT_LONGS = new Long[256];

  private static final AtomicIntegerFieldUpdater<ArgusSpan> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(ArgusSpan.class, "ended");

  private final SpanContext context;
  private final long parentSpanId;
  private final boolean parentRemote;
  private final SpanKind kind;
  private final boolean recording;
  private final long startEpochNanos;
  private final long startNanoTime;
  private final SpanSink sink;

  private String name;
  private String[] attributeKeys;
  private Object[] attributeValues;
  private int attributeCount;
  /** The arrays are a call site's shared template ({@link #setAttributes}): copied before the first write. */
  private boolean attributesShared;
  /**
   * Bit {@code hashCode & 63} of every key set: a key whose bit is clear is not among them, so setting it skips the
   * scan for a duplicate, as most keys a span gets are new (literals, whose hash the String keeps). All bits set
   * for a shared template: scan.
   */
  private long keyBits;
  private int droppedAttributes;
  private List<SpanEvent> events;
  private int droppedEvents;
  private SpanStatus status = SpanStatus.UNSET;
  private String statusDescription;
  private long endEpochNanos;
  private volatile int ended;

  ArgusSpan(
      SpanContext context,
      long parentSpanId,
      boolean parentRemote,
      String name,
      SpanKind kind,
      boolean recording,
      SpanSink sink) {
    this.context = context;
    this.parentSpanId = parentSpanId;
    this.parentRemote = parentRemote;
    this.name = name;
    this.kind = kind;
    this.recording = recording;
    this.sink = sink;
    this.startNanoTime = System.nanoTime();
    this.startEpochNanos = ArgusClock.epochNanosAt(startNanoTime);
  }

  public SpanContext spanContext() {
    return context;
  }

  public boolean isRecording() {
    return recording && ended == 0;
  }

  public ArgusSpan updateName(String newName) {
    if (isRecording() && newName != null) {
      name = newName;
    }
    return this;
  }

  public ArgusSpan setAttribute(String key, String value) {
    return put(key, value);
  }

  public ArgusSpan setAttribute(String key, long value) {
    return isRecording() ? put(key, boxed(value)) : this;
  }

  private static Long boxed(long value) {
    if (value < 0 || value > 0xffff) {
      return Long.valueOf(value);
    }
    int slot = (int) value & (RECENT_LONGS.length - 1);
    Long box = RECENT_LONGS[slot];
    if (box == null || box.longValue() != value) {
      box = Long.valueOf(value);
      RECENT_LONGS[slot] = box;
    }
    return box;
  }

  /**
   * Sizes the attribute arrays for {@code capacity} attributes before the first one is set: a call site that knows
   * it sets more than the default eight saves growing them.
   */
  public void reserveAttributes(int capacity) {
    if (attributeKeys == null && capacity > 0) {
      int size = Math.min(capacity, MAX_ATTRIBUTES);
      attributeKeys = new String[size];
      attributeValues = new Object[size];
    }
  }

  public ArgusSpan setAttribute(String key, double value) {
    return isRecording() ? put(key, Double.valueOf(value)) : this;
  }

  public ArgusSpan setAttribute(String key, boolean value) {
    return isRecording() ? put(key, Boolean.valueOf(value)) : this;
  }

  /**
   * Gives a span that has no attributes yet the attributes every span of one call site starts with (a capability's
   * code and agent names): the span shares the arrays, and copies them only if more attributes are set. The caller
   * must never change them afterwards; keys must be distinct and values String, Long, Double or Boolean.
   */
  public ArgusSpan setAttributes(String[] sharedKeys, Object[] sharedValues) {
    if (!isRecording() || attributeCount != 0 || sharedKeys.length > MAX_ATTRIBUTES) {
      for (int i = 0; i < sharedKeys.length; i++) {
        put(sharedKeys[i], sharedValues[i]);
      }
      return this;
    }
    attributeKeys = sharedKeys;
    attributeValues = sharedValues;
    attributeCount = sharedKeys.length;
    attributesShared = true;
    keyBits = -1L;
    return this;
  }

  private ArgusSpan put(String key, Object value) {
    if (!isRecording() || key == null || value == null) {
      return this;
    }
    long bit = 1L << key.hashCode(); // a long shift uses the low six bits of its count
    if ((keyBits & bit) != 0) {
      for (int i = 0; i < attributeCount; i++) {
        if (attributeKeys[i].equals(key)) {
          if (attributesShared) {
            copyAttributes(attributeKeys.length);
          }
          attributeValues[i] = value;
          return this;
        }
      }
    }
    if (attributeCount == MAX_ATTRIBUTES) {
      droppedAttributes++;
      return this;
    }
    if (attributeKeys == null) {
      attributeKeys = new String[8];
      attributeValues = new Object[8];
    } else if (attributeCount == attributeKeys.length || attributesShared) {
      copyAttributes(Math.min(Math.max(8, attributeCount * 2), MAX_ATTRIBUTES));
    }
    attributeKeys[attributeCount] = key;
    attributeValues[attributeCount] = value;
    attributeCount++;
    keyBits |= bit;
    return this;
  }

  private void copyAttributes(int size) {
    String[] keys = new String[size];
    Object[] values = new Object[size];
    System.arraycopy(attributeKeys, 0, keys, 0, attributeCount);
    System.arraycopy(attributeValues, 0, values, 0, attributeCount);
    attributeKeys = keys;
    attributeValues = values;
    attributesShared = false;
  }

  public ArgusSpan addEvent(String eventName) {
    return addEvent(new SpanEvent(eventName, ArgusClock.nowEpochNanos(), null, null, null));
  }

  public ArgusSpan addEvent(String eventName, String[] keys, Object[] values) {
    return addEvent(new SpanEvent(eventName, ArgusClock.nowEpochNanos(), null, keys, values));
  }

  /**
   * Records an {@code exception} event (OpenTelemetry exception semantic conventions) and sets the status to ERROR,
   * as an escaping exception means the operation failed.
   */
  public ArgusSpan recordException(Throwable exception) {
    if (exception == null || !isRecording()) {
      return this;
    }
    addEvent(new SpanEvent(SpanEvent.EXCEPTION, ArgusClock.nowEpochNanos(), exception, null, null));
    if (status != SpanStatus.ERROR) {
      setStatus(SpanStatus.ERROR, null);
    }
    return this;
  }

  private ArgusSpan addEvent(SpanEvent event) {
    if (!isRecording()) {
      return this;
    }
    if (events == null) {
      events = new ArrayList<SpanEvent>(2);
    }
    if (events.size() == MAX_EVENTS) {
      droppedEvents++;
    } else {
      events.add(event);
    }
    return this;
  }

  /** OpenTelemetry rule: OK is final, and a description only goes with ERROR. */
  public ArgusSpan setStatus(SpanStatus newStatus, String description) {
    if (!isRecording() || newStatus == null || status == SpanStatus.OK) {
      return this;
    }
    status = newStatus;
    statusDescription = newStatus == SpanStatus.ERROR ? description : null;
    return this;
  }

  /** Makes this span the current one on this thread until the returned scope is closed. */
  public Scope makeCurrent() {
    return ArgusContext.current().with(this).makeCurrent();
  }

  /** Ends the span now. Only the first call counts; the span then goes to the export queue if sampled. */
  public void end() {
    endAtNanoTime(System.nanoTime());
  }

  /**
   * Ends the span at a {@code System.nanoTime()} reading the caller already took (to time the call for a metric
   * too): a clock read costs some 25 ns.
   */
  public void endAtNanoTime(long nanoTime) {
    endAt(startEpochNanos + (nanoTime - startNanoTime));
  }

  /** The {@code System.nanoTime()} reading at the span's start, for callers timing the same operation. */
  public long startNanoTime() {
    return startNanoTime;
  }

  public void endAt(long epochNanos) {
    if (!ENDED.compareAndSet(this, 0, 1)) {
      return;
    }
    endEpochNanos = Math.max(epochNanos, startEpochNanos);
    TracerStats.SPANS_ENDED.increment();
    if (recording) {
      sink.onEnd(this);
    }
  }

  public boolean hasEnded() {
    return ended != 0;
  }

  // Read accessors, used by the export thread once the span has ended.

  public String name() {
    return name;
  }

  public SpanKind kind() {
    return kind;
  }

  public long parentSpanId() {
    return parentSpanId;
  }

  public boolean isParentRemote() {
    return parentRemote;
  }

  public long startEpochNanos() {
    return startEpochNanos;
  }

  public long endEpochNanos() {
    return endEpochNanos;
  }

  public int attributeCount() {
    return attributeCount;
  }

  public String attributeKey(int i) {
    return attributeKeys[i];
  }

  public Object attributeValue(int i) {
    return attributeValues[i];
  }

  /**
   * The attribute keys, of which the first {@link #attributeCount()} are set (null when none is): the span's own
   * array, for the export thread to read once the span has ended, never to change.
   */
  public String[] attributeKeys() {
    return attributeKeys;
  }

  /** The attribute values, as {@link #attributeKeys()}: Strings, Longs, Doubles and Booleans. */
  public Object[] attributeValues() {
    return attributeValues;
  }

  /** The value of an attribute, or null; a linear scan, meant for tests and exporters. */
  public Object attribute(String key) {
    for (int i = 0; i < attributeCount; i++) {
      if (attributeKeys[i].equals(key)) {
        return attributeValues[i];
      }
    }
    return null;
  }

  public int droppedAttributes() {
    return droppedAttributes;
  }

  public List<SpanEvent> events() {
    return events == null ? java.util.Collections.<SpanEvent>emptyList() : events;
  }

  public int droppedEvents() {
    return droppedEvents;
  }

  public SpanStatus status() {
    return status;
  }

  public String statusDescription() {
    return statusDescription;
  }

  @Override
  public String toString() {
    return "ArgusSpan{" + name + ", " + kind + ", " + context + "}";
  }
}
