package io.argus.bootstrap;

/**
 * An event on a span. For an exception event only the {@link Throwable} is kept: its type, message and stack trace
 * are rendered on the export thread, so recording an exception costs the application thread one small object.
 */
public final class SpanEvent {
  public static final String EXCEPTION = "exception";

  private final String name;
  private final long epochNanos;
  private final Throwable exception;
  private final String[] attributeKeys;
  private final Object[] attributeValues;

  SpanEvent(String name, long epochNanos, Throwable exception, String[] attributeKeys, Object[] attributeValues) {
    this.name = name;
    this.epochNanos = epochNanos;
    this.exception = exception;
    this.attributeKeys = attributeKeys;
    this.attributeValues = attributeValues;
  }

  public String name() {
    return name;
  }

  public long epochNanos() {
    return epochNanos;
  }

  /** The recorded exception, or null for an ordinary event. */
  public Throwable exception() {
    return exception;
  }

  public int attributeCount() {
    return attributeKeys == null ? 0 : attributeKeys.length;
  }

  public String attributeKey(int i) {
    return attributeKeys[i];
  }

  public Object attributeValue(int i) {
    return attributeValues[i];
  }
}
