package io.argus.bootstrap;

/**
 * Every thread the agent creates is one of these, so instrumentations can recognise the agent's own work (its
 * endpoint answering a scrape, its exporter sending spans over the JDK's HTTP client) and leave it untraced: an agent
 * must not observe itself. Daemon always, so it never keeps a JVM alive.
 */
public final class AgentThread extends Thread {
  public AgentThread(Runnable task, String name) {
    super(task, name);
    setDaemon(true);
  }

  /** True on a thread of the agent's: one instanceof check, cheap enough for every instrumented call. */
  public static boolean isCurrent() {
    return Thread.currentThread() instanceof AgentThread;
  }
}
