package io.argus.demo;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;

/**
 * A short-lived JVM, like a batch job or CLI: makes a burst of spans and returns from main at once. Used to check that
 * the agent flushes them at exit, within its shutdown bound, and never keeps the JVM alive.
 */
public final class BurstAndExit {
  public static void main(String[] args) {
    int spans = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    for (int i = 0; i < spans; i++) {
      ArgusSpan span = ArgusTracer.startSpan("burst-" + i, SpanKind.INTERNAL);
      span.setAttribute("burst.index", i);
      span.end();
    }
    System.out.println("BURST DONE " + spans);
  }
}
