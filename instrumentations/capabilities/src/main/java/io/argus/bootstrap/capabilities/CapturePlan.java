package io.argus.bootstrap.capabilities;

import io.argus.bootstrap.ArgusSpan;
import java.util.Arrays;

/**
 * Which arguments (and whether the return value) of one instrumented method become span attributes, decided when
 * the method is instrumented; the advice hands over only the captured arguments, in this plan's order. Advice
 * refers to a plan by the id {@link #register} gave it, so a call reads one array slot and never parses or builds a
 * description.
 *
 * <p>Values are recorded only on sampled spans, as text cut to {@link #maxLength()} characters (numbers and
 * booleans keep their type); a value whose {@code toString} throws is left out.
 */
public final class CapturePlan {
  /** Capture nothing: the plan of methods that are only timed. */
  public static final int NONE = -1;

  private static final AdviceTable<CapturePlan> PLANS = new AdviceTable<CapturePlan>();
  private static volatile int maxLength = 256;

  private final String[] argumentKeys;
  private final String returnKey;

  /**
   * @param argumentKeys the attribute key of each captured argument, in the order advice passes their values
   * @param returnKey    the attribute key of the return value, or null not to record it
   */
  public CapturePlan(String[] argumentKeys, String returnKey) {
    this.argumentKeys = argumentKeys.clone();
    this.returnKey = returnKey;
  }

  /** Makes a plan available to advice; returns its id. Called when a class is instrumented, never per call. */
  public static int register(CapturePlan plan) {
    return PLANS.add(plan);
  }

  /** The plan with this id, or null for {@link #NONE} or an unknown id. */
  static CapturePlan byId(int id) {
    return PLANS.get(id);
  }

  /** argus.capabilities.value.max.length: the longest text recorded for one value. */
  public static void setMaxLength(int length) {
    maxLength = Math.max(1, length);
  }

  static int maxLength() {
    return maxLength;
  }

  String returnKey() {
    return returnKey;
  }

  /** @param values the captured arguments, one per key (advice builds the array only for plans that need it) */
  void recordArguments(ArgusSpan span, Object[] values) {
    if (values == null) {
      return;
    }
    for (int i = 0; i < argumentKeys.length && i < values.length; i++) {
      record(span, argumentKeys[i], values[i]);
    }
  }

  /** Sets one attribute from an application value; never throws. */
  static void record(ArgusSpan span, String key, Object value) {
    if (!span.isRecording()) {
      return;
    }
    try {
      if (value instanceof Boolean) {
        span.setAttribute(key, ((Boolean) value).booleanValue());
      } else if (value instanceof Long || value instanceof Integer || value instanceof Short
          || value instanceof Byte) {
        span.setAttribute(key, ((Number) value).longValue());
      } else if (value instanceof Double || value instanceof Float) {
        span.setAttribute(key, ((Number) value).doubleValue());
      } else {
        span.setAttribute(key, bounded(text(value), maxLength));
      }
    } catch (Throwable ignored) {
      // The application's toString failed: that value is not recorded, the call is unaffected.
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Object[]) {
      return Arrays.deepToString((Object[]) value);
    }
    if (value.getClass().isArray()) {
      return primitiveArrayText(value);
    }
    return String.valueOf(value);
  }

  private static String primitiveArrayText(Object array) {
    if (array instanceof int[]) {
      return Arrays.toString((int[]) array);
    }
    if (array instanceof long[]) {
      return Arrays.toString((long[]) array);
    }
    if (array instanceof double[]) {
      return Arrays.toString((double[]) array);
    }
    if (array instanceof byte[]) {
      return "byte[" + ((byte[]) array).length + "]"; // binary content is never useful as text
    }
    if (array instanceof char[]) {
      return "char[" + ((char[]) array).length + "]"; // often a password
    }
    if (array instanceof boolean[]) {
      return Arrays.toString((boolean[]) array);
    }
    if (array instanceof float[]) {
      return Arrays.toString((float[]) array);
    }
    return Arrays.toString((short[]) array);
  }

  /** Cuts text to at most {@code max} characters without splitting a surrogate pair. */
  static String bounded(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
