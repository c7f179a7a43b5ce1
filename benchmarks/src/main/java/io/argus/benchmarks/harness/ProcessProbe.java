package io.argus.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the benchmarks read of another JVM: CPU time and RSS from {@code /proc} (Linux), heap after a full GC and the
 * loaded-class count through {@code jcmd} of the running JDK.
 */
public final class ProcessProbe {
  /** {@code getconf CLK_TCK}: 100 on every Linux the JDK supports. */
  private static final double TICKS_PER_SECOND = 100.0;
  /** G1's one line for the whole heap, or the Serial and Parallel collectors' one line per generation. */
  private static final Pattern HEAP_USED = Pattern.compile("(?:heap|generation|Gen)\\s+total \\d+K, used (\\d+)K");
  private static final Pattern PERF_COUNTER = Pattern.compile("^(java\\.cls\\.[A-Za-z]+)=(\\d+)$",
      Pattern.MULTILINE);

  private ProcessProbe() {}

  /** User + system CPU seconds the process has used so far. */
  public static double cpuSeconds(long pid) {
    return cpuSecondsOf(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /** User + system CPU seconds in a {@code /proc/.../stat} file (a process's or a thread's). */
  static double cpuSecondsOf(Path stat) {
    try {
      String text = Files.readString(stat);
      // Fields after "(comm)", which may itself hold spaces: state is field 3, utime 14, stime 15 (proc(5)).
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stat, e);
    }
  }

  /** Resident set size in bytes ({@code VmRSS}). */
  public static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/status", e);
    }
  }

  /**
   * Heap in use right after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in bytes, whichever collector
   * the JVM runs: G1 reports the whole heap, the Serial and Parallel collectors each generation apart.
   */
  public static long heapAfterFullGc(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher used = HEAP_USED.matcher(info);
    long kilobytes = 0;
    boolean found = false;
    while (used.find()) {
      kilobytes += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no 'heap|generation total ..K, used ..K' in GC.heap_info of " + pid + ":\n"
          + info);
    }
    return kilobytes * 1024;
  }

  /** Classes loaded now (loaded minus unloaded, shared archive included), as ClassLoadingMXBean counts them. */
  public static long loadedClasses(long pid) {
    String counters = jcmd(pid, "PerfCounter.print");
    long loaded = 0;
    Matcher m = PERF_COUNTER.matcher(counters);
    while (m.find()) {
      long value = Long.parseLong(m.group(2));
      switch (m.group(1)) {
        case "java.cls.loadedClasses", "java.cls.sharedLoadedClasses" -> loaded += value;
        case "java.cls.unloadedClasses", "java.cls.sharedUnloadedClasses" -> loaded -= value;
        default -> { }
      }
    }
    return loaded;
  }

  /** Compilations waiting in the JIT compilers' queues ({@code jcmd Compiler.queue}), not counting those in progress. */
  public static int queuedCompilations(long pid) {
    return queuedCompilations(jcmd(pid, "Compiler.queue"));
  }

  /**
   * Counts the task lines under each {@code "... compile queue:"} heading of {@code Compiler.queue}'s output, up to the
   * next blank line; an empty queue reads {@code Empty}.
   */
  static int queuedCompilations(String output) {
    int queued = 0;
    boolean inQueue = false;
    for (String line : output.split("\\R")) {
      String text = line.trim();
      if (text.endsWith("compile queue:")) {
        inQueue = true;
      } else if (text.isEmpty()) {
        inQueue = false;
      } else if (inQueue && !text.equals("Empty")) {
        queued++;
      }
    }
    return queued;
  }

  /** Runs {@code jcmd <pid> <command...>} of this JDK and returns its output. */
  public static String jcmd(long pid, String... command) {
    List<String> line = new ArrayList<>();
    line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
    line.add(Long.toString(pid));
    line.addAll(List.of(command));
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", line) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + line, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + line, e);
    }
  }

  /** {@code /proc/loadavg}'s first three fields, for the honesty line under each table. */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "unknown";
    }
  }
}
