package io.argus.smoke.apps;

/** A "capability" whose agent name is whatever the caller chose. */
public final class AttackWorker {
  private final String name;

  public AttackWorker(String name) {
    this.name = name;
  }

  public int work() {
    return name.isEmpty() ? 0 : 1;
  }
}
