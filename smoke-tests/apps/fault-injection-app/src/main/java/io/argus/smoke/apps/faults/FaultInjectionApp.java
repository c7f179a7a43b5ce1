package io.argus.smoke.apps.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes each kind of call Argus instruments — an HTTP server answering four HTTP clients, JDBC, capability methods,
 * executors — and prints what the application observed, one {@code RESULT <area> <what>} line each: return values,
 * status codes, bodies, exception types, SQL states, database contents, task results. Nothing in it depends on timing
 * or on the agent, so the transcript must be identical with the agent, without it, and with the agent's
 * instrumentation failing on purpose.
 *
 * <p>Prints {@code TRANSCRIPT END} when done, then stays up (so the test can read the agent's {@code /metrics}) until
 * it is stopped, or exits at once with {@code --exit}.
 */
public final class FaultInjectionApp {
  private FaultInjectionApp() {}

  public static void main(String[] args) throws Exception {
    List<String> transcript = new ArrayList<>();
    try (EchoServer server = EchoServer.start()) {
      transcript.addAll(new HttpClientCalls(server.port()).run());
    }
    transcript.addAll(JdbcCalls.run());
    transcript.addAll(CapabilityCalls.run());
    transcript.addAll(new Orchestrator().runAll());
    for (String line : transcript) {
      System.out.println("RESULT " + line);
    }
    System.out.println("TRANSCRIPT END " + transcript.size());
    System.out.flush();
    if (args.length > 0 && args[0].equals("--exit")) {
      System.exit(0);
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  /** An exception as the application sees it: its type, and its cause's type when it wraps one. */
  static String describe(Throwable t) {
    String text = t.getClass().getName();
    return t.getCause() == null ? text : text + " caused by " + t.getCause().getClass().getName();
  }
}
