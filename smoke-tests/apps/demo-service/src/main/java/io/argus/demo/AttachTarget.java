package io.argus.demo;

/**
 * A running JVM that Argus is attached to later ({@code Agent-Class}, like {@code jcmd <pid> JVMTI.agent_load}). It
 * has no compile-time link to Argus: every 100 ms it looks for the bootstrap API and, once the agent has appended it
 * to the bootstrap class path, makes one span through it and keeps going until stdin closes.
 */
public final class AttachTarget {
  public static void main(String[] args) throws Exception {
    System.out.println("ATTACH TARGET READY");
    boolean traced = false;
    while (System.in.available() >= 0 && !traced) {
      try {
        Class<?> tracer = Class.forName("io.argus.bootstrap.ArgusTracer", true, null);
        if ((Boolean) tracer.getMethod("isEnabled").invoke(null)) {
          Class<?> kind = Class.forName("io.argus.bootstrap.SpanKind", true, null);
          Object span =
              tracer.getMethod("startSpan", String.class, kind)
                  .invoke(null, "after-attach", kind.getField("INTERNAL").get(null));
          span.getClass().getMethod("end").invoke(span);
          System.out.println("TRACED AFTER ATTACH");
          traced = true;
        }
      } catch (ClassNotFoundException notYetAttached) {
        // keep waiting
      }
      Thread.sleep(100);
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
