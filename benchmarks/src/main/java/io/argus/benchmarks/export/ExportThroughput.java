package io.argus.benchmarks.export;

import io.argus.benchmarks.apps.PricingAgent;
import io.argus.benchmarks.apps.SpanRateDriver;
import io.argus.benchmarks.harness.AgentUnderTest;
import io.argus.benchmarks.harness.ChildJvm;
import io.argus.benchmarks.harness.MarkdownTable;
import io.argus.benchmarks.harness.Options;
import io.argus.benchmarks.harness.Ports;
import io.argus.benchmarks.harness.ProcessProbe;
import io.argus.benchmarks.harness.Summary;
import io.argus.benchmarks.otlp.ReceiverProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many spans per second Argus's single export thread delivers to an OTLP receiver with no span dropped, and what
 * happens at twice that rate. {@link SpanRateDriver} calls a capability method at a fixed rate under the agent
 * (default queue, batch and delay settings) for a warm-up, then for the measured part; the agent's {@code /metrics}
 * read before and after that part give the spans ended, exported and dropped ({@code argus_spans_*}), {@code /proc}
 * the CPU of the export thread, jcmd the heap after a full GC. A rate is sustained when no span is dropped.
 *
 * <p>First a search: the rate doubles from {@code --start} until a run drops spans, then {@code --steps} bisections
 * between the last clean rate and the first lossy one. Then {@code --rounds} rounds of the sustained rate and twice
 * it, alternating. Prints markdown tables.
 *
 * <p>Run with {@code benchmarks/export.sh [--start 4000] [--steps 3] [--warmup 10] [--seconds 20] [--rounds 3]}.
 */
public final class ExportThroughput {
  private static final Pattern DRIVER_DONE = Pattern.compile(
      "driver: calls=(\\d+) seconds=([\\d.]+) p50_ns=(\\d+) p99_ns=(\\d+) p999_ns=(\\d+) max_ns=(\\d+)");
  private static final Pattern SAMPLE = Pattern.compile(
      "^(argus_spans_\\w+?|argus_export_duration_seconds_sum|argus_export_duration_seconds_count)(?:_total)?"
          + "(\\{[^}]*\\})? ([\\d.eE+-]+)", Pattern.MULTILINE);

  /**
   * One run at one rate; the counts cover the measured part (after the warm-up) and the 3 s that follow it.
   * {@code received}: spans the receiver counted over the whole run, warm-up included.
   */
  record Run(int targetRate, long calls, double seconds, long ended, long exported, long dropped, String dropReasons,
      long received, double p50Micros, double p99Micros, double p999Micros, double maxMicros,
      double exportThreadCpu, double processCpu, double heapMb, double rssMb, double meanExportMillis) {
    boolean clean() {
      return dropped == 0;
    }

    double achievedRate() {
      return calls / seconds;
    }
  }

  public static void main(String[] args) {
    Options options = new Options(args, "start", "4000", "steps", "3", "warmup", "10", "seconds", "20",
        "rounds", "3");
    String loadBefore = ProcessProbe.loadAverage();
    Instant started = Instant.now();
    int metricsPort = Ports.free();
    List<Run> search = new ArrayList<>();
    List<Run> sustained = new ArrayList<>();
    List<Run> doubled = new ArrayList<>();
    int best;
    try (ReceiverProcess receiver = ReceiverProcess.start(metricsPort, 10)) {
      AgentUnderTest.Setup setup = new AgentUnderTest.Setup(receiver.endpoint(), metricsPort,
          PricingAgent.class.getName() + "[quote]");
      int seconds = options.integer("seconds");
      int warmup = options.integer("warmup");
      int clean = 0;
      int lossy = 0;
      for (int rate = options.integer("start"); lossy == 0; rate *= 2) {
        Run run = run(rate, warmup, seconds, setup, receiver);
        search.add(run);
        if (run.clean()) {
          clean = rate;
        } else {
          lossy = rate;
        }
      }
      for (int step = 0; step < options.integer("steps") && clean > 0; step++) {
        int rate = roundRate((clean + lossy) / 2);
        if (rate == clean || rate == lossy) {
          break;
        }
        Run run = run(rate, warmup, seconds, setup, receiver);
        search.add(run);
        if (run.clean()) {
          clean = rate;
        } else {
          lossy = rate;
        }
      }
      best = clean > 0 ? clean : options.integer("start");
      for (int round = 0; round < options.integer("rounds"); round++) {
        if (round % 2 == 0) {
          sustained.add(run(best, warmup, seconds, setup, receiver));
          doubled.add(run(2 * best, warmup, seconds, setup, receiver));
        } else {
          doubled.add(run(2 * best, warmup, seconds, setup, receiver));
          sustained.add(run(best, warmup, seconds, setup, receiver));
        }
      }
    }
    System.out.printf("%nExport throughput, %s, %s: Argus %s, one span per capability call, defaults (queue 2 048 "
            + "spans, batches of 512, 1 s delay, at most 2 batches in flight), OTLP http/protobuf to a receiver on "
            + "127.0.0.1 (another JVM); %s; load average %s at the start, %s at the end.%n%n", started,
        Runtime.version(), AgentUnderTest.ARGUS.label(), options, loadBefore, ProcessProbe.loadAverage());
    System.out.println("Search (one run per rate):\n");
    MarkdownTable searchTable = new MarkdownTable("target spans/s", "achieved calls/s", "exported", "dropped",
        "export thread CPU", "mean export call", "zero drops");
    for (Run run : search) {
      searchTable.row(Summary.number(run.targetRate(), 0), Summary.number(run.achievedRate(), 0),
          Summary.number(run.exported(), 0), Summary.number(run.dropped(), 0) + run.dropReasons(),
          percent(run.exportThreadCpu() / run.seconds()), Summary.number(run.meanExportMillis(), 1) + " ms",
          run.clean() ? "yes" : "no");
    }
    System.out.println(searchTable);
    System.out.printf("Sustained rate with zero drops: %s spans/s. At that rate and at twice it (median, min–max over "
        + "%d runs each):%n%n", Summary.number(best, 0), sustained.size());
    MarkdownTable table = new MarkdownTable("measure", Summary.number(best, 0) + " spans/s",
        Summary.number(2 * best, 0) + " spans/s");
    row(table, "calls made per second", sustained, doubled, Run::achievedRate, 0);
    row(table, "spans exported", sustained, doubled, r -> r.exported(), 0);
    row(table, "spans dropped", sustained, doubled, r -> r.dropped(), 0);
    row(table, "dropped, % of spans", sustained, doubled, r -> 100.0 * r.dropped() / Math.max(1, r.calls()), 1);
    row(table, "call latency p50, µs", sustained, doubled, Run::p50Micros, 2);
    row(table, "call latency p99, µs", sustained, doubled, Run::p99Micros, 2);
    row(table, "call latency p99.9, µs", sustained, doubled, Run::p999Micros, 1);
    row(table, "call latency max, µs", sustained, doubled, Run::maxMicros, 0);
    row(table, "export thread CPU, % of a core", sustained, doubled, r -> 100 * r.exportThreadCpu() / r.seconds(), 0);
    row(table, "mean export call (one batch, HTTP round trip included), ms", sustained, doubled,
        Run::meanExportMillis, 1);
    row(table, "whole JVM CPU, % of a core", sustained, doubled, r -> 100 * r.processCpu() / r.seconds(), 0);
    row(table, "heap after full GC, MB", sustained, doubled, Run::heapMb, 1);
    row(table, "RSS, MB", sustained, doubled, Run::rssMb, 0);
    System.out.println(table);
    search.stream().map(Run::dropReasons).filter(s -> !s.isEmpty()).distinct()
        .forEach(reasons -> System.out.println("drop reasons seen: " + reasons));
  }

  private static Run run(int rate, int warmup, int seconds, AgentUnderTest.Setup setup, ReceiverProcess receiver) {
    System.out.printf("%,d spans/s for %d s (load average %s): ", rate, seconds, ProcessProbe.loadAverage());
    List<String> jvmArgs = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
    jvmArgs.addAll(AgentUnderTest.ARGUS.jvmArgs(setup));
    ReceiverProcess.Stats before = receiver.stats();
    try (ChildJvm driver = ChildJvm.start("span-driver-" + rate, jvmArgs, SpanRateDriver.class.getName(),
        List.of(Integer.toString(rate), Integer.toString(warmup), Integer.toString(seconds)))) {
      // Load only once the exporter exists: the agent starts it on a background thread after premain.
      driver.awaitLine(line -> line.equals("driver: ready"), Duration.ofMinutes(2));
      driver.awaitLine(line -> line.contains("\"event\":\"agent_ready\""), Duration.ofMinutes(2));
      driver.sendLine("start");
      driver.awaitLine(line -> line.equals("driver: load started"), Duration.ofSeconds(warmup + 60L));
      // From here on, the measured part: counters and CPU as deltas.
      Counters start = Counters.parse(scrape(setup.argusMetricsPort()));
      double exportCpu0 = exportThreadsCpu(driver.pid());
      double cpu0 = ProcessProbe.cpuSeconds(driver.pid());
      Matcher done = DRIVER_DONE.matcher(
          driver.awaitLine(line -> line.startsWith("driver: calls="), Duration.ofSeconds(seconds + 120L)));
      if (!done.find()) {
        throw new IllegalStateException("unexpected driver output: " + done);
      }
      double exportCpu = exportThreadsCpu(driver.pid()) - exportCpu0;
      double cpu = ProcessProbe.cpuSeconds(driver.pid()) - cpu0;
      // Let the last batches go (export delay 1 s, then the request itself).
      sleep(3000);
      Counters counters = Counters.parse(scrape(setup.argusMetricsPort())).minus(start);
      double rss = ProcessProbe.rssBytes(driver.pid()) / 1048576.0;
      double heap = ProcessProbe.heapAfterFullGc(driver.pid()) / 1048576.0;
      long received = receiver.stats().minus(before).spans();
      driver.closeStdin();
      driver.awaitExit(Duration.ofSeconds(20));
      Run run = new Run(rate, Long.parseLong(done.group(1)), Double.parseDouble(done.group(2)), counters.ended(),
          counters.exported(), counters.dropped(), counters.dropReasons(), received, Long.parseLong(done.group(3)) / 1000.0,
          Long.parseLong(done.group(4)) / 1000.0, Long.parseLong(done.group(5)) / 1000.0,
          Long.parseLong(done.group(6)) / 1000.0, exportCpu, cpu, heap, rss, counters.meanExportMillis());
      System.out.printf("%,d calls, %,d exported, %,d dropped%s, %,d received, export thread %.0f %% of a core, "
              + "export call %.1f ms, p99 %.1f µs%n", run.calls(), run.exported(), run.dropped(), run.dropReasons(),
          received, 100 * exportCpu / run.seconds(), run.meanExportMillis(), run.p99Micros());
      return run;
    }
  }

  /** The agent's span counters ({@code argus_spans_*}), summed over labels; drops also per label set. */
  record Counters(long ended, long exported, long dropped, java.util.Map<String, Long> droppedBy,
      double exportSeconds, long exportCalls) {
    static Counters parse(String metrics) {
      long ended = 0;
      long exported = 0;
      long dropped = 0;
      double exportSeconds = 0;
      long exportCalls = 0;
      java.util.Map<String, Long> droppedBy = new java.util.TreeMap<>();
      Matcher sample = SAMPLE.matcher(metrics);
      while (sample.find()) {
        double number = Double.parseDouble(sample.group(3));
        long value = (long) number;
        switch (sample.group(1)) {
          case "argus_export_duration_seconds_sum" -> exportSeconds += number;
          case "argus_export_duration_seconds_count" -> exportCalls += value;
          case "argus_spans_ended" -> ended += value;
          case "argus_spans_exported" -> exported += value;
          case "argus_spans_dropped" -> {
            dropped += value;
            droppedBy.merge(sample.group(2), value, Long::sum);
          }
          default -> { }
        }
      }
      return new Counters(ended, exported, dropped, droppedBy, exportSeconds, exportCalls);
    }

    /** Mean duration of one export call (one batch, the HTTP round trip included), ms. */
    double meanExportMillis() {
      return exportCalls == 0 ? Double.NaN : 1000 * exportSeconds / exportCalls;
    }

    Counters minus(Counters earlier) {
      java.util.Map<String, Long> by = new java.util.TreeMap<>(droppedBy);
      earlier.droppedBy.forEach((k, v) -> by.merge(k, -v, Long::sum));
      return new Counters(ended - earlier.ended, exported - earlier.exported, dropped - earlier.dropped, by,
          exportSeconds - earlier.exportSeconds, exportCalls - earlier.exportCalls);
    }

    /** {@code  reason=n} for each non-zero drop reason. */
    String dropReasons() {
      StringBuilder out = new StringBuilder();
      droppedBy.forEach((labels, n) -> {
        if (n != 0) {
          out.append(' ').append(labels.replaceAll(".*reason=\"([^\"]*)\".*", "$1")).append('=').append(n);
        }
      });
      return out.toString();
    }
  }

  /** CPU seconds of the agent's export thread and the OkHttp threads that send its requests. */
  private static double exportThreadsCpu(long pid) {
    return ProcessProbe.threadCpuSeconds(pid, name -> name.startsWith("argus-export") || name.startsWith("okhttp"));
  }

  private static String scrape(int port) {
    try (InputStream in = URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scrape the agent's /metrics on port " + port, e);
    }
  }

  private static void row(MarkdownTable table, String label, List<Run> a, List<Run> b,
      java.util.function.ToDoubleFunction<Run> value, int decimals) {
    table.row(label, Summary.of(a.stream().map(value::applyAsDouble).toList()).format(decimals),
        Summary.of(b.stream().map(value::applyAsDouble).toList()).format(decimals));
  }

  private static String percent(double fraction) {
    return Summary.number(100 * fraction, 0) + " %";
  }

  /** Two significant digits: 6 000, 7 500, 12 000. */
  private static int roundRate(int rate) {
    int unit = (int) Math.pow(10, Math.max(0, (int) Math.log10(rate) - 1));
    return Math.max(unit, rate / unit * unit);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
