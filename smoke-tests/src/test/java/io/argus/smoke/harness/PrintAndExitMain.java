package io.argus.smoke.harness;

/**
 * A trivial program for {@link AgentJvmTest}: prints what it was given and exits with code 3 (or sleeps, to test
 * {@link AgentJvm#close()}).
 */
public final class PrintAndExitMain {

  private PrintAndExitMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("sleep")) {
      System.out.println("sleeping");
      System.out.flush();
      Thread.sleep(60_000);
      return;
    }
    System.out.println("hello from the child JVM");
    System.out.println("property=" + System.getProperty("argus.selftest.property"));
    System.out.println("env=" + System.getenv("ARGUS_SELFTEST_ENV"));
    System.out.println("args=" + String.join(",", args));
    System.out.println("agent=" + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
        .stream().anyMatch(a -> a.startsWith("-javaagent")));
    System.err.println("a line on stderr");
    System.exit(3);
  }
}
