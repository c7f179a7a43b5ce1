package io.argus.benchmarks.apps;

/** The smallest JVM program: measures what an agent adds to start-up and exit, nothing else. */
public final class HelloMain {
  public static void main(String[] args) {
    System.out.println("hello");
  }
}
