package io.argus.benchmarks.apps;

/**
 * An application that starts and then does nothing, for at most the seconds given (default 120): what an agent costs
 * in loaded classes and live heap once it has started, measured from outside by benchmarks/footprint.sh.
 */
public final class IdleMain {
  public static void main(String[] args) throws InterruptedException {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 120;
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(seconds * 1000L);
  }
}
