package io.argus.instrumentation.executors;

/**
 * Loads (without initialising) the JDK classes an instrumentation transforms, before the agent installs. A class that
 * gets loaded while Byte Buddy is transforming another one (reflection on VirtualThread's fields loads ForkJoinPool,
 * on ThreadPoolExecutor's methods its Worker) is skipped by the transformer's re-entrancy guard and never seen again;
 * a class loaded beforehand is simply retransformed with the others.
 */
final class JdkClasses {
  private JdkClasses() {}

  static void load(String... names) {
    for (String name : names) {
      try {
        Class.forName(name, false, null);
      } catch (Throwable absent) {
        // e.g. java.lang.VirtualThread before JDK 19: nothing to instrument
      }
    }
  }
}
