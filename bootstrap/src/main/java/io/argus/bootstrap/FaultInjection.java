package io.argus.bootstrap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * TEST ONLY. Makes the shared entry points of the instrumentations throw, so the smoke tests can prove that a failure
 * inside Argus never changes what the application sees (issue 9: "exceptions thrown inside advice or attribute
 * extraction").
 *
 * <p>Switched on only by the JVM system property {@value #PROPERTY} (a comma-separated list of {@link #SITES}), read
 * once when the agent starts. Never from the environment, the agent argument or the YAML file: a deployment's
 * configuration cannot turn it on, and the property name says what it is. When it is on, the agent says so on stderr
 * and on {@code /status}.
 *
 * <p>Off, it costs nothing: every site is written {@code if (FaultInjection.ON) FaultInjection.fail("site");} and
 * {@link #ON} is a {@code static final} false, a branch the JIT removes.
 *
 * <p>The sites, per area ({@code http-server}, {@code http-client}, {@code jdbc}, {@code capabilities},
 * {@code executors}):
 *
 * <ul>
 *   <li>{@code <area>.enter}: inside the helper that starts a call (attribute extraction, span start), where the
 *       helper's own catch must count it and carry on without telemetry;
 *   <li>{@code <area>.exit}: inside the helper that ends a call (status, error, span end, metrics);
 *   <li>{@code <area>.advice}: at the very start of the entry point, escaping it into the inlined advice as a failing
 *       library getter in the advice would; Byte Buddy's {@code suppress = Throwable.class} must swallow it and the
 *       advice's exception handler count it.
 * </ul>
 */
public final class FaultInjection {
  public static final String PROPERTY = "argus.test.fault.injection";

  /** Every site the instrumentations check; anything else in the property is reported and ignored. */
  public static final List<String> SITES =
      Collections.unmodifiableList(
          Arrays.asList(
              "http-server.enter", "http-server.exit", "http-server.advice",
              "http-client.enter", "http-client.exit", "http-client.advice",
              "jdbc.enter", "jdbc.exit", "jdbc.advice",
              "capabilities.enter", "capabilities.exit", "capabilities.advice",
              "executors.enter", "executors.exit", "executors.advice"));

  private static final List<String> ACTIVE;
  private static final List<String> UNKNOWN;

  static {
    List<String> active = new ArrayList<String>();
    List<String> unknown = new ArrayList<String>();
    String value = System.getProperty(PROPERTY);
    if (value != null) {
      for (String part : value.split(",")) {
        String site = part.trim();
        if (SITES.contains(site)) {
          active.add(site);
        } else if (!site.isEmpty()) {
          unknown.add(site);
        }
      }
    }
    ACTIVE = Collections.unmodifiableList(active);
    UNKNOWN = Collections.unmodifiableList(unknown);
  }

  /** False unless a test asked for faults: guards every site. */
  public static final boolean ON = !ACTIVE.isEmpty();

  private FaultInjection() {}

  /** Throws {@link InjectedFault} if {@code site} was asked for. Call only behind {@code if (FaultInjection.ON)}. */
  public static void fail(String site) {
    if (ACTIVE.contains(site)) {
      throw new InjectedFault(site);
    }
  }

  /** The sites switched on, for the agent's start-up warning and {@code /status}. */
  public static List<String> activeSites() {
    return ACTIVE;
  }

  /** Names in the property that are no site, for the agent's start-up warning. */
  public static List<String> unknownSites() {
    return UNKNOWN;
  }

  /** The exception thrown at a site: its type and message name the site in the agent's log. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String site) {
      super("fault injected at " + site + " (" + PROPERTY + ", test only)");
    }
  }
}
