package io.argus.smoke.apps.context;

/**
 * Modes: {@code executors} (every executor kind, stale-context and identity checks, then exit), {@code virtual N R}
 * (N virtual threads per round, R rounds, pinning and heap report, then exit), {@code fanout PORT} (an HTTP service
 * that fans out to a pool making JDBC and HTTP calls; runs until killed).
 */
public final class ContextPropagationApp {
  private ContextPropagationApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length == 0 ? "executors" : args[0];
    switch (mode) {
      case "executors":
        ExecutorScenarios.runAll();
        System.out.println("EXECUTOR SCENARIOS DONE");
        break;
      case "virtual":
        VirtualThreadScenario.run(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        break;
      case "fanout":
        FanOutService.start(Integer.parseInt(args[1]));
        break;
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }
}
