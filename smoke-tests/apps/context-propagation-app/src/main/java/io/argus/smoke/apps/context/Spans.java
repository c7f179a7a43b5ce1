package io.argus.smoke.apps.context;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;

/** The app's spans, made with the agent's bootstrap API: a parent per scenario, a child per task. */
final class Spans {
  private Spans() {}

  /** Runs {@code body} with a new root span "scenario:NAME" current, and ends the span after it. */
  static void scenario(String name, ThrowingRunnable body) throws Exception {
    ArgusSpan parent = ArgusTracer.startSpan("scenario:" + name, SpanKind.INTERNAL, ArgusContext.ROOT);
    try (Scope ignored = parent.makeCurrent()) {
      body.run();
    } finally {
      parent.end();
    }
    System.out.println("SCENARIO " + name + " done");
  }

  /** A span "NAME-child" under whatever is current on this thread, recording the thread it ran on. */
  static void child(String name) {
    ArgusSpan span = ArgusTracer.startSpan(name + "-child", SpanKind.INTERNAL);
    span.setAttribute("thread.name", Thread.currentThread().getName());
    span.end();
  }

  /** A span with no explicit parent: a root span if and only if nothing is current on this thread. */
  static void probe(String name) {
    ArgusSpan span = ArgusTracer.startSpan(name, SpanKind.INTERNAL);
    span.setAttribute("thread.name", Thread.currentThread().getName());
    span.end();
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
