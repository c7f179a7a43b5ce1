package io.argus.benchmarks.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM launched by a benchmark driver: the same JDK as the driver, a clean environment (no {@code OTEL_*},
 * {@code ARGUS_*} or {@code JAVA_TOOL_OPTIONS} from outside: each configuration is exactly its command line), stdout
 * and stderr merged, kept in memory for {@link #awaitLine} and copied to {@code benchmarks/target/logs/<name>-<pid>.log}
 * (another directory with {@code -Dbenchmarks.logs=}).
 */
public final class ChildJvm implements AutoCloseable {
  private static final int KEPT_LINES = 10_000;

  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Path log;
  private volatile boolean pumpDone;

  private ChildJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread pump = new Thread(this::pump, name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** A JVM on this JVM's own class path. */
  public static ChildJvm start(String name, List<String> jvmArgs, String mainClass, List<String> args) {
    return start(name, jvmArgs, System.getProperty("java.class.path"), mainClass, args);
  }

  public static ChildJvm start(String name, List<String> jvmArgs, String classPath, String mainClass,
      List<String> args) {
    return start(name, CpuSet.ALL, jvmArgs, classPath, mainClass, args);
  }

  /** A JVM that runs only on {@code cpus}. */
  public static ChildJvm start(String name, CpuSet cpus, List<String> jvmArgs, String classPath, String mainClass,
      List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    command = cpus.launch(command);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(key -> key.startsWith("OTEL_") || key.startsWith("ARGUS_")
        || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS") || key.equals("_JAVA_OPTIONS"));
    try {
      Path logs = Path.of(System.getProperty("benchmarks.logs", "benchmarks/target/logs"));
      Files.createDirectories(logs);
      Process process = builder.start();
      Path log = logs.resolve(name + "-" + process.pid() + ".log");
      Files.writeString(log, String.join(" ", command) + System.lineSeparator());
      return new ChildJvm(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The first output line matching, waiting up to {@code timeout}; fails with the output's tail if none comes. */
  public String awaitLine(Predicate<String> predicate, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int seen = 0;
      while (true) {
        for (; seen < lines.size(); seen++) {
          if (predicate.test(lines.get(seen))) {
            return lines.get(seen);
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && seen == lines.size() && pumpDone)) {
          throw new IllegalStateException(name + " (pid " + process.pid() + ") "
              + (process.isAlive() ? "printed no expected line within " + timeout : "exited") + "; see " + log
              + "; last lines:\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15),
                  lines.size())));
        }
        try {
          lines.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
      }
    }
  }

  /** Writes one line to the child's stdin. */
  public void sendLine(String line) {
    try {
      process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + name, e);
    }
  }

  /** Closes the child's stdin (drivers that wait for it then exit). */
  public void closeStdin() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** Waits for the child to exit by itself. */
  public boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** SIGTERM, then SIGKILL after 15 s. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (!awaitExit(Duration.ofSeconds(15))) {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(5));
      }
    }
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND), true)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        synchronized (lines) {
          if (lines.size() < KEPT_LINES) {
            lines.add(line);
          }
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process ended
    } finally {
      pumpDone = true;
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }
}
