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
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many spans per second Argus's single export thread delivers to an OTLP receiver with no span dropped, what
 * happens at twice that rate, and what exporting costs per span next to the OpenTelemetry agent.
 *
 * <p>{@link SpanRateDriver} calls a capability method at a fixed rate under the agent (default queue, batch and delay
 * settings): a warm-up, then the measured part. Around the measured part (and the 7 s after it, in which the last
 * batches leave: the OpenTelemetry agent's batch delay is 5 s) the benchmark reads Argus's {@code argus_spans_*}
 * counters from {@code /metrics}, the receiver's span count, the CPU time of the process ({@code /proc}), and the
 * CPU time and allocation of the export threads (which the driver reads with ThreadMXBean), and after it RSS and heap
 * after a full GC.
 *
 * <ol>
 *   <li>Search: the rate doubles from {@code --start} until a run drops a span, then {@code --steps} bisections.
 *   <li>{@code --rounds} rounds of the sustained rate and twice it, alternating.
 *   <li>{@code --rounds} rounds of Argus and the OpenTelemetry agent at {@code --compare} spans/s (default: half the
 *       sustained rate), alternating: the export threads' CPU and allocation per exported span.
 * </ol>
 *
 * <p>Run with {@code benchmarks/export.sh [--start 4000] [--steps 3] [--warmup 10] [--seconds 20] [--rounds 3]
 * [--compare N]}.
 */
public final class ExportThroughput {
  private static final Pattern DRIVER_DONE = Pattern.compile(
      "driver: calls=(\\d+) seconds=([\\d.]+) p50_ns=(\\d+) p99_ns=(\\d+) p999_ns=(\\d+) max_ns=(\\d+)");
  private static final Pattern SAMPLE = Pattern.compile(
      "^(argus_spans_\\w+?|argus_export_duration_seconds_sum|argus_export_duration_seconds_count)(?:_total)?"
          + "(\\{[^}]*\\})? ([\\d.eE+-]+)", Pattern.MULTILINE);
  private static final Pattern EXPORT_THREADS =
      Pattern.compile("driver: export threads cpu_ns=(\\d+) allocated_bytes=(\\d+)");
  private static final long DRAIN_MILLIS = 7000;

  /**
   * One run at one rate. Counts cover the measured part and the drain after it; {@code dropped} is Argus's own count
   * ({@code -1} for the OpenTelemetry agent, whose metrics are not read: compare {@code received} with {@code calls}).
   */
  record Run(AgentUnderTest agent, int targetRate, long calls, double seconds, long exported, long dropped,
      String dropReasons, long received, double p50Micros, double p99Micros, double p999Micros, double maxMicros,
      double exportCpu, long exportAllocated, double processCpu, double heapMb, double rssMb,
      double meanExportMillis) {
    boolean clean() {
      return dropped == 0;
    }

    double achievedRate() {
      return calls / seconds;
    }

    /** Spans the backend got: Argus's own count, or what the receiver counted for the OpenTelemetry agent. */
    long delivered() {
      return agent == AgentUnderTest.ARGUS ? exported : received;
    }
  }

  public static void main(String[] args) {
    Options options = new Options(args, "start", "4000", "steps", "3", "warmup", "10", "seconds", "20",
        "rounds", "3", "compare", "half");
    String loadBefore = ProcessProbe.loadAverage();
    Instant started = Instant.now();
    int metricsPort = Ports.free();
    List<Run> search = new ArrayList<>();
    List<Run> sustained = new ArrayList<>();
    List<Run> doubled = new ArrayList<>();
    List<Run> argus = new ArrayList<>();
    List<Run> otel = new ArrayList<>();
    int best;
    int compare;
    try (ReceiverProcess receiver = ReceiverProcess.start(metricsPort, 10)) {
      AgentUnderTest.Setup setup = new AgentUnderTest.Setup(receiver.endpoint(), metricsPort,
          PricingAgent.class.getName() + "[quote]", true);
      Runner runner = new Runner(setup, receiver, options.integer("warmup"), options.integer("seconds"));
      int clean = 0;
      int lossy = 0;
      for (int rate = options.integer("start"); lossy == 0; rate *= 2) {
        Run run = runner.run(AgentUnderTest.ARGUS, rate);
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
        Run run = runner.run(AgentUnderTest.ARGUS, rate);
        search.add(run);
        if (run.clean()) {
          clean = rate;
        } else {
          lossy = rate;
        }
      }
      best = clean > 0 ? clean : options.integer("start");
      int rounds = options.integer("rounds");
      for (int round = 0; round < rounds; round++) {
        boolean sustainedFirst = round % 2 == 0;
        (sustainedFirst ? sustained : doubled).add(runner.run(AgentUnderTest.ARGUS, sustainedFirst ? best : 2 * best));
        (sustainedFirst ? doubled : sustained).add(runner.run(AgentUnderTest.ARGUS, sustainedFirst ? 2 * best : best));
      }
      compare = "half".equals(options.text("compare")) ? roundRate(best / 2) : options.integer("compare");
      for (int round = 0; round < rounds; round++) {
        boolean argusFirst = round % 2 == 0;
        (argusFirst ? argus : otel).add(runner.run(argusFirst ? AgentUnderTest.ARGUS : AgentUnderTest.OTEL, compare));
        (argusFirst ? otel : argus).add(runner.run(argusFirst ? AgentUnderTest.OTEL : AgentUnderTest.ARGUS, compare));
      }
    }

    System.out.printf("%nExport throughput, %s, %s: one span per capability call, agents' defaults (Argus: queue "
            + "2 048 spans, batches of 512, 1 s delay, at most 2 batches in flight; OpenTelemetry agent: queue 2 048, "
            + "batches of 512, 5 s delay, one export at a time), OTLP http/protobuf to a receiver on 127.0.0.1 (another "
            + "JVM); %s; load average %s at the start, %s at the end.%n%n", started, Runtime.version(), options,
        loadBefore, ProcessProbe.loadAverage());
    System.out.println("Search, " + AgentUnderTest.ARGUS.label() + " (one run per rate):\n");
    MarkdownTable searchTable = new MarkdownTable("target spans/s", "achieved calls/s", "exported", "dropped",
        "export threads CPU", "mean export call", "zero drops");
    for (Run run : search) {
      searchTable.row(Summary.number(run.targetRate(), 0), Summary.number(run.achievedRate(), 0),
          Summary.number(run.exported(), 0), Summary.number(run.dropped(), 0) + run.dropReasons(),
          Summary.number(100 * run.exportCpu() / run.seconds(), 0) + " % of a core",
          Summary.number(run.meanExportMillis(), 1) + " ms", run.clean() ? "yes" : "no");
    }
    System.out.println(searchTable);

    System.out.printf("Sustained with zero drops: %s spans/s. At that rate and at twice it (median, min–max over "
        + "%d runs each):%n%n", Summary.number(best, 0), sustained.size());
    MarkdownTable table = new MarkdownTable("measure", Summary.number(best, 0) + " spans/s",
        Summary.number(2 * best, 0) + " spans/s");
    row(table, "calls made per second", sustained, doubled, Run::achievedRate, 0);
    row(table, "spans exported", sustained, doubled, r -> r.exported(), 0);
    row(table, "spans dropped", sustained, doubled, r -> r.dropped(), 0);
    row(table, "dropped, % of calls", sustained, doubled, r -> 100.0 * r.dropped() / Math.max(1, r.calls()), 1);
    row(table, "call latency p50, µs", sustained, doubled, Run::p50Micros, 2);
    row(table, "call latency p99, µs", sustained, doubled, Run::p99Micros, 2);
    row(table, "call latency p99.9, µs", sustained, doubled, Run::p999Micros, 1);
    row(table, "call latency max, µs", sustained, doubled, Run::maxMicros, 0);
    row(table, "export threads CPU, % of a core", sustained, doubled, r -> 100 * r.exportCpu() / r.seconds(), 0);
    row(table, "mean export call (one batch, HTTP round trip included), ms", sustained, doubled,
        Run::meanExportMillis, 1);
    row(table, "whole JVM CPU, % of a core", sustained, doubled, r -> 100 * r.processCpu() / r.seconds(), 0);
    row(table, "heap after full GC, MB", sustained, doubled, Run::heapMb, 1);
    row(table, "RSS, MB", sustained, doubled, Run::rssMb, 0);
    System.out.println(table);

    System.out.printf("Export cost per span at %s spans/s, Argus and the OpenTelemetry agent (median, min–max over %d "
        + "runs each; export threads: each agent's batch thread and its HTTP senders):%n%n", Summary.number(compare, 0),
        argus.size());
    MarkdownTable costs = new MarkdownTable("measure", AgentUnderTest.ARGUS.shortLabel(),
        AgentUnderTest.OTEL.shortLabel(), "Argus / OTel");
    cost(costs, "spans delivered / calls", argus, otel, r -> (double) r.delivered() / r.calls(), 3);
    cost(costs, "export threads CPU per span delivered, µs", argus, otel,
        r -> 1e6 * r.exportCpu() / r.delivered(), 2);
    cost(costs, "export threads allocation per span delivered, bytes", argus, otel,
        r -> (double) r.exportAllocated() / r.delivered(), 0);
    cost(costs, "whole JVM CPU per call, µs (driver, agent, JIT, GC)", argus, otel,
        r -> 1e6 * r.processCpu() / r.calls(), 2);
    cost(costs, "call latency p50, µs", argus, otel, Run::p50Micros, 2);
    cost(costs, "call latency p99, µs", argus, otel, Run::p99Micros, 2);
    cost(costs, "heap after full GC, MB", argus, otel, Run::heapMb, 1);
    cost(costs, "RSS, MB", argus, otel, Run::rssMb, 0);
    System.out.println(costs);
  }

  /** Runs the driver under one agent at one rate and reads what happened. */
  private record Runner(AgentUnderTest.Setup setup, ReceiverProcess receiver, int warmup, int seconds) {
    Run run(AgentUnderTest agent, int rate) {
      System.out.printf("%s, %,d spans/s for %d s (load average %s): ", agent.shortLabel(), rate, seconds,
          ProcessProbe.loadAverage());
      List<String> jvmArgs = new ArrayList<>(List.of("-Xms512m", "-Xmx512m"));
      jvmArgs.addAll(agent.jvmArgs(setup));
      boolean argus = agent == AgentUnderTest.ARGUS;
      try (ChildJvm driver = ChildJvm.start("span-driver-" + agent.name().toLowerCase() + "-" + rate, jvmArgs,
          SpanRateDriver.class.getName(),
          List.of(Integer.toString(rate), Integer.toString(warmup), Integer.toString(seconds)))) {
        driver.awaitLine(line -> line.equals("driver: ready"), Duration.ofMinutes(2));
        if (argus) {
          // Load only once the exporter exists: Argus starts it on a background thread after premain (the
          // OpenTelemetry agent starts everything in premain).
          driver.awaitLine(line -> line.contains("\"event\":\"agent_ready\""), Duration.ofMinutes(2));
        }
        driver.sendLine("start");
        driver.awaitLine(line -> line.equals("driver: load started"), Duration.ofSeconds(warmup + 60L));
        long pid = driver.pid();
        Counters counters0 = argus ? Counters.parse(scrape(setup.argusMetricsPort())) : Counters.NONE;
        ReceiverProcess.Stats received0 = receiver.stats();
        double cpu0 = ProcessProbe.cpuSeconds(pid);
        Matcher done = DRIVER_DONE.matcher(
            driver.awaitLine(line -> line.startsWith("driver: calls="), Duration.ofSeconds(seconds + 120L)));
        if (!done.find()) {
          throw new IllegalStateException("unexpected driver output: " + done);
        }
        double cpu = ProcessProbe.cpuSeconds(pid) - cpu0;
        sleep(DRAIN_MILLIS);
        Counters counters = argus ? Counters.parse(scrape(setup.argusMetricsPort())).minus(counters0) : Counters.NONE;
        long received = receiver.stats().minus(received0).spans();
        driver.sendLine("report");
        Matcher export = EXPORT_THREADS.matcher(
            driver.awaitLine(line -> line.startsWith("driver: export threads"), Duration.ofSeconds(30)));
        if (!export.find()) {
          throw new IllegalStateException("unexpected driver output: " + export);
        }
        double exportCpu = Long.parseLong(export.group(1)) / 1e9;
        long exportAllocated = Long.parseLong(export.group(2));
        double rss = ProcessProbe.rssBytes(pid) / 1048576.0;
        double heap = ProcessProbe.heapAfterFullGc(pid) / 1048576.0;
        driver.closeStdin();
        driver.awaitExit(Duration.ofSeconds(20));
        Run run = new Run(agent, rate, Long.parseLong(done.group(1)), Double.parseDouble(done.group(2)),
            counters.exported(), argus ? counters.dropped() : -1, counters.dropReasons(), received,
            Long.parseLong(done.group(3)) / 1000.0, Long.parseLong(done.group(4)) / 1000.0,
            Long.parseLong(done.group(5)) / 1000.0, Long.parseLong(done.group(6)) / 1000.0, exportCpu,
            exportAllocated, cpu, heap, rss, counters.meanExportMillis());
        System.out.printf("%,d calls, %,d received%s, export threads %.0f %% of a core, p99 %.1f µs%n", run.calls(),
            received, argus ? String.format(", %,d exported, %,d dropped%s, export call %.1f ms", run.exported(),
                run.dropped(), run.dropReasons(), run.meanExportMillis()) : "",
            100 * exportCpu / run.seconds(), run.p99Micros());
        return run;
      }
    }
  }

  /** Argus's span counters ({@code argus_spans_*}) summed over labels, drops also per label set. */
  record Counters(long ended, long exported, long dropped, Map<String, Long> droppedBy, double exportSeconds,
      long exportCalls) {
    static final Counters NONE = new Counters(0, 0, 0, Map.of(), 0, 0);

    static Counters parse(String metrics) {
      long ended = 0;
      long exported = 0;
      long dropped = 0;
      double exportSeconds = 0;
      long exportCalls = 0;
      Map<String, Long> droppedBy = new TreeMap<>();
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

    Counters minus(Counters earlier) {
      Map<String, Long> by = new TreeMap<>(droppedBy);
      earlier.droppedBy.forEach((k, v) -> by.merge(k, -v, Long::sum));
      return new Counters(ended - earlier.ended, exported - earlier.exported, dropped - earlier.dropped, by,
          exportSeconds - earlier.exportSeconds, exportCalls - earlier.exportCalls);
    }

    /** Mean duration of one export call (one batch, the HTTP round trip included), ms. */
    double meanExportMillis() {
      return exportCalls == 0 ? Double.NaN : 1000 * exportSeconds / exportCalls;
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

  private static String scrape(int port) {
    try (InputStream in = URI.create("http://127.0.0.1:" + port + "/metrics").toURL().openStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scrape the agent's /metrics on port " + port, e);
    }
  }

  private static void row(MarkdownTable table, String label, List<Run> a, List<Run> b, ToDoubleFunction<Run> value,
      int decimals) {
    table.row(label, summary(a, value).format(decimals), summary(b, value).format(decimals));
  }

  private static void cost(MarkdownTable table, String label, List<Run> argus, List<Run> otel,
      ToDoubleFunction<Run> value, int decimals) {
    Summary a = summary(argus, value);
    Summary o = summary(otel, value);
    table.row(label, a.format(decimals), o.format(decimals),
        o.median() == 0 ? "n/a" : String.format(java.util.Locale.ROOT, "%.2f", a.median() / o.median()));
  }

  private static Summary summary(List<Run> runs, ToDoubleFunction<Run> value) {
    return Summary.of(runs.stream().map(value::applyAsDouble).toList());
  }

  /** Two significant digits: 6 000, 7 500, 12 000. */
  private static int roundRate(int rate) {
    int unit = (int) Math.pow(10, Math.max(0, (int) Math.log10(Math.max(1, rate)) - 1));
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
