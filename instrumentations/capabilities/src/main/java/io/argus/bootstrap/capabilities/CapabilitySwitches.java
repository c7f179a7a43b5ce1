package io.argus.bootstrap.capabilities;

import java.util.Arrays;

/**
 * Which capability rules are switched on, changeable while the application runs. Advice asks on every call, so the
 * check is one volatile read and one array slot; a change replaces the array (changes are rare, calls are not).
 */
public final class CapabilitySwitches {
  /** The rule index bound into advice for methods declared by {@code @WithSpan} rather than by a rule. */
  public static final int ANNOTATIONS = -1;

  private static volatile boolean[] rulesOff = new boolean[0];
  private static volatile boolean annotationsOff;

  private CapabilitySwitches() {}

  static boolean isOn(int rule) {
    if (rule < 0) {
      return !annotationsOff;
    }
    boolean[] off = rulesOff;
    return rule >= off.length || !off[rule];
  }

  public static boolean isRuleOn(int rule) {
    return isOn(rule);
  }

  /**
   * Switches rule number {@code rule} (its index on /status: its position among the valid rules of
   * argus.capabilities), or the annotations, on or off. Called by the agent's control endpoint.
   */
  public static synchronized void set(int rule, boolean on) {
    if (rule < 0) {
      annotationsOff = !on;
      return;
    }
    boolean[] next = Arrays.copyOf(rulesOff, Math.max(rulesOff.length, rule + 1));
    next[rule] = !on;
    rulesOff = next;
  }
}
