package io.argus.benchmarks.percall;

import io.argus.benchmarks.apps.PricingAgent;
import io.argus.benchmarks.apps.TracedDispatcher;
import io.argus.benchmarks.harness.AgentUnderTest;
import io.argus.benchmarks.harness.MarkdownTable;
import io.argus.benchmarks.harness.Options;
import io.argus.benchmarks.harness.Ports;
import io.argus.benchmarks.harness.ProcessProbe;
import io.argus.benchmarks.harness.Summary;
import io.argus.benchmarks.otlp.ReceiverProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The per-call cost of each instrumented call with no agent, with Argus and with the OpenTelemetry agent, in one
 * invocation: every round runs all the {@code io.argus.benchmarks.percall} benchmarks once per configuration (one
 * JMH fork each, the agent in the fork's command line), rotating the order of the configurations from round to round.
 * Both agents export to one {@link ReceiverProcess}. Prints markdown tables of wall ns/op, CPU ns/op of the
 * application's threads ({@link ApplicationThreadsProfiler}), B/op of all threads ({@code -prof gc}, the agents' export
 * threads included) and B/op of the application's threads: median and min–max over rounds, the cost each agent adds
 * (difference of medians) and Argus's added cost over the OpenTelemetry agent's.
 *
 * <p>Run with {@code benchmarks/percall.sh [--rounds 3] [--warmup 5] [--iterations 5] [--seconds 1]
 * [--include regex] [--agents none,argus,otel]}.
 */
public final class PerCallComparison {
  /** Traced by both agents: Argus capability rules and OTel {@code methods.include} share this syntax. */
  public static final String TRACED_METHODS =
      PricingAgent.class.getName() + "[quote];" + TracedDispatcher.class.getName() + "[hop]";

  private static final Map<String, String> CALLS = new LinkedHashMap<>();

  static {
    CALLS.put("HttpRoundTripBenchmark.getOnLoopback", "HTTP GET on loopback (JDK HttpClient → JDK HttpServer)");
    CALLS.put("JdbcQueryBenchmark.selectOwnerById", "JDBC query (prepare, execute, read; H2 in memory)");
    CALLS.put("CapabilityCallBenchmark.quote", "capability method call");
    CALLS.put("ExecutorHopBenchmark.submitAndGet", "executor hop, no span current");
    CALLS.put("ExecutorHopBenchmark.submitAndGetInTracedMethod", "executor hop inside a traced method");
  }

  private record Key(String benchmark, AgentUnderTest agent) {}

  private final Map<Key, List<Double>> nanos = new LinkedHashMap<>();
  private final Map<Key, List<Double>> bytes = new LinkedHashMap<>();
  private final Map<Key, List<Double>> cpu = new LinkedHashMap<>();
  private final Map<Key, List<Double>> appBytes = new LinkedHashMap<>();
  private final Map<AgentUnderTest, List<ReceiverProcess.Stats>> received = new EnumMap<>(AgentUnderTest.class);
  private final List<String> failures = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Options options = new Options(args, "rounds", "3", "warmup", "5", "iterations", "5", "seconds", "1",
        "include", "io\\.argus\\.benchmarks\\.percall\\..*", "agents", "none,argus,otel");
    new PerCallComparison().run(options);
  }

  private void run(Options options) throws Exception {
    List<AgentUnderTest> agents = options.agents("agents");
    String loadBefore = ProcessProbe.loadAverage();
    Instant started = Instant.now();
    Path logs = Path.of(System.getProperty("benchmarks.logs", "benchmarks/target/logs"), "percall");
    Files.createDirectories(logs);
    int metricsPort = Ports.free();
    try (ReceiverProcess receiver = ReceiverProcess.start(metricsPort, 10)) {
      AgentUnderTest.Setup setup = new AgentUnderTest.Setup(receiver.endpoint(), metricsPort, TRACED_METHODS);
      int rounds = options.integer("rounds");
      for (int round = 0; round < rounds; round++) {
        for (AgentUnderTest agent : AgentUnderTest.orderInRound(agents, round)) {
          Path log = logs.resolve("round" + (round + 1) + "-" + agent.name().toLowerCase() + ".log");
          System.out.printf("round %d/%d, %s: running (JMH output in %s), load average %s%n", round + 1, rounds,
              agent.label(), log, ProcessProbe.loadAverage());
          ReceiverProcess.Stats before = receiver.stats();
          try {
            record(agent, new Runner(jmhOptions(options, agent, setup, log)).run());
          } catch (RunnerException e) {
            failures.add("round " + (round + 1) + ", " + agent.label() + ": " + e.getMessage() + " (see " + log + ")");
            System.out.println("  FAILED: " + e.getMessage());
          }
          received.computeIfAbsent(agent, a -> new ArrayList<>()).add(receiver.stats().minus(before));
        }
      }
    }
    System.out.println();
    System.out.printf("Per-call cost, %s, %s: %d rounds of %d × %ss warm-up + %d × %ss measurement per benchmark and "
            + "configuration, one fork each; load average %s at the start, %s at the end.%n%n",
        started, Runtime.version(), options.integer("rounds"), options.integer("warmup"), options.text("seconds"),
        options.integer("iterations"), options.text("seconds"), loadBefore, ProcessProbe.loadAverage());
    System.out.println("Wall time per call (the benchmark thread), ns/op: median (min–max over rounds)\n");
    System.out.println(table(nanos, agents));
    System.out.println("CPU time of the application's threads per call (the caller, the HTTP server and client "
        + "threads, the pool thread; not the agents' own threads, the JIT or the GC), ns/op: median (min–max over "
        + "rounds)\n");
    System.out.println(table(cpu, agents));
    System.out.println("Allocated per call by all threads (JMH -prof gc: the agents' export threads included), B/op: "
        + "median (min–max over rounds)\n");
    System.out.println(table(bytes, agents));
    System.out.println("Allocated per call by the application's threads (as for CPU above), B/op: median (min–max "
        + "over rounds)\n");
    System.out.println(table(appBytes, agents));
    System.out.println("Export check — what the OTLP receiver got per run (all benchmarks, warm-up included): "
        + "median spans, trace requests, metric requests, Prometheus scrapes\n");
    MarkdownTable exported = new MarkdownTable("configuration", "spans", "trace requests", "metric pushes",
        "scrapes");
    for (AgentUnderTest agent : agents) {
      List<ReceiverProcess.Stats> stats = received.getOrDefault(agent, List.of());
      exported.row(agent.label(),
          Summary.of(stats.stream().map(s -> (double) s.spans()).toList()).format(0),
          Summary.of(stats.stream().map(s -> (double) s.traceRequests()).toList()).format(0),
          Summary.of(stats.stream().map(s -> (double) s.metricRequests()).toList()).format(0),
          Summary.of(stats.stream().map(s -> (double) s.scrapes()).toList()).format(0));
    }
    System.out.println(exported);
    failures.forEach(f -> System.out.println("FAILED " + f));
  }

  private static org.openjdk.jmh.runner.options.Options jmhOptions(Options options, AgentUnderTest agent,
      AgentUnderTest.Setup setup, Path log) {
    TimeValue time = TimeValue.seconds(Long.parseLong(options.text("seconds")));
    return new OptionsBuilder()
        .include(options.text("include"))
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .timeUnit(TimeUnit.NANOSECONDS)
        .forks(1)
        .threads(1)
        .warmupIterations(options.integer("warmup"))
        .warmupTime(time)
        .measurementIterations(options.integer("iterations"))
        .measurementTime(time)
        .addProfiler(GCProfiler.class)
        .addProfiler(ApplicationThreadsProfiler.class)
        // nodelay: the JDK HttpServer writes headers and body separately; with Nagle's algorithm and the client's
        // delayed ACK every response would wait 40 ms on loopback.
        .jvmArgs("-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true")
        .jvmArgsAppend(agent.jvmArgs(setup).toArray(new String[0]))
        .shouldFailOnError(true)
        .output(log.toString())
        .build();
  }

  private void record(AgentUnderTest agent, Collection<RunResult> results) {
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      String call = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      nanos.computeIfAbsent(new Key(call, agent), k -> new ArrayList<>()).add(result.getPrimaryResult().getScore());
      secondary(result, "gc.alloc.rate.norm", bytes, new Key(call, agent));
      secondary(result, "app.cpu.norm", cpu, new Key(call, agent));
      secondary(result, "app.alloc.norm", appBytes, new Key(call, agent));
    }
  }

  private static void secondary(RunResult result, String name, Map<Key, List<Double>> into, Key key) {
    Result<?> value = result.getSecondaryResults().get(name);
    if (value != null) {
      into.computeIfAbsent(key, k -> new ArrayList<>()).add(value.getScore());
    }
  }

  private static String table(Map<Key, List<Double>> values, List<AgentUnderTest> agents) {
    List<String> header = new ArrayList<>(List.of("call"));
    agents.forEach(a -> header.add(a.shortLabel()));
    boolean compare = agents.contains(AgentUnderTest.NONE);
    if (compare) {
      agents.stream().filter(a -> a != AgentUnderTest.NONE).forEach(a -> header.add("added: " + a.shortLabel()));
    }
    boolean ratio = compare && agents.contains(AgentUnderTest.ARGUS) && agents.contains(AgentUnderTest.OTEL);
    if (ratio) {
      header.add("Argus added / OTel added");
    }
    MarkdownTable table = new MarkdownTable(header.toArray(new String[0]));
    List<String> calls = new ArrayList<>(CALLS.keySet());
    values.keySet().stream().map(Key::benchmark).distinct().filter(c -> !calls.contains(c)).forEach(calls::add);
    for (String call : calls) {
      Map<AgentUnderTest, Summary> summaries = new EnumMap<>(AgentUnderTest.class);
      agents.forEach(a -> summaries.put(a, Summary.of(values.getOrDefault(new Key(call, a), List.of()))));
      if (summaries.values().stream().allMatch(s -> s.count() == 0)) {
        continue;
      }
      List<String> row = new ArrayList<>(List.of(CALLS.getOrDefault(call, call)));
      agents.forEach(a -> row.add(summaries.get(a).format()));
      if (compare) {
        double base = summaries.get(AgentUnderTest.NONE).median();
        agents.stream().filter(a -> a != AgentUnderTest.NONE)
            .forEach(a -> row.add(Summary.signed(summaries.get(a).median() - base)));
        if (ratio) {
          row.add(Summary.ratio(summaries.get(AgentUnderTest.ARGUS).median() - base,
              summaries.get(AgentUnderTest.OTEL).median() - base));
        }
      }
      table.row(row.toArray(new String[0]));
    }
    return table.toString();
  }
}
