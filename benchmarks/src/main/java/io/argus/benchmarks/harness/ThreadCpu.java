package io.argus.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's CPU time split by who spent it, from {@code /proc/<pid>/task/<tid>/{comm,stat}}: exact per-thread user +
 * system time, unlike a sampling profiler's counts. Thread names ({@code comm}) are cut at 15 characters.
 */
public final class ThreadCpu {
  /** Who spent the time. */
  public enum Group {
    /** Tomcat's request threads and the application's pools (Tomcat, HikariCP); the light service's one thread. */
    APPLICATION("application threads", List.of("http-nio-", "HikariPool", "Catalina-", "container-", "owners-")),
    /**
     * The agents' own threads: Argus's export, OTLP sender, endpoint and breaker threads (the endpoint is the JDK
     * HTTP server's dispatcher and Prometheus's executor) and the keep-alive threads of the JDK's HttpURLConnection
     * its OTLP sender uses (the load app makes no HTTP calls of its own); the OpenTelemetry agent's span processor,
     * OkHttp exporter, metric reader and weak-reference cleaner.
     */
    AGENT("agent threads", List.of("argus-", "HTTP-Dispatcher", "prometheus-metr", "idle-timeout-ta", "Keep-Alive-",
        "BatchSpanProces", "OkHttp", "Okio", "PeriodicMetricR", "weak-ref-cleane")),
    /** Garbage collection, and the VM thread that runs its safepoint operations. */
    GC("GC threads", List.of("GC Thread", "G1 ", "VM Thread")),
    JIT("JIT compiler threads", List.of("C1 CompilerThre", "C2 CompilerThre")),
    /** Every other thread, and threads that ended between two snapshots. */
    OTHER("other threads", List.of());

    private final String label;
    private final List<String> prefixes;

    Group(String label, List<String> prefixes) {
      this.label = label;
      this.prefixes = prefixes;
    }

    public String label() {
      return label;
    }

    static Group of(String threadName) {
      for (Group group : values()) {
        for (String prefix : group.prefixes) {
          if (threadName.startsWith(prefix)) {
            return group;
          }
        }
      }
      return OTHER;
    }
  }

  /** One thread's group and CPU seconds at a snapshot. */
  public record ThreadTime(Group group, double seconds) {}

  /** The process's CPU seconds and each live thread's, at one moment. */
  public record Snapshot(double processSeconds, Map<String, ThreadTime> threadsById) {}

  private ThreadCpu() {}

  public static Snapshot snapshot(long pid) {
    Map<String, ThreadTime> threads = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          Group group = Group.of(Files.readString(task.resolve("comm")).trim());
          threads.put(task.getFileName().toString(),
              new ThreadTime(group, ProcessProbe.cpuSecondsOf(task.resolve("stat"))));
        } catch (IOException | UncheckedIOException e) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the threads of " + pid, e);
    }
    return new Snapshot(ProcessProbe.cpuSeconds(pid), threads);
  }

  /**
   * CPU seconds per group between two snapshots: each thread alive at the end counts what it used since the first
   * (all of it if it started since). What threads that ended in between used is the rest of the process's time, and
   * goes to {@link Group#OTHER}.
   */
  public static Map<Group, Double> between(Snapshot before, Snapshot after) {
    Map<Group, Double> spent = new EnumMap<>(Group.class);
    for (Group group : Group.values()) {
      spent.put(group, 0.0);
    }
    double counted = 0;
    for (Map.Entry<String, ThreadTime> entry : after.threadsById().entrySet()) {
      ThreadTime earlier = before.threadsById().get(entry.getKey());
      double seconds = entry.getValue().seconds() - (earlier == null ? 0 : earlier.seconds());
      spent.merge(entry.getValue().group(), seconds, Double::sum);
      counted += seconds;
    }
    spent.merge(Group.OTHER, Math.max(0, after.processSeconds() - before.processSeconds() - counted), Double::sum);
    return spent;
  }
}
