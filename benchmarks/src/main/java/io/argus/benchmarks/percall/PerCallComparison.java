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
 * invocation: every round runs each {@code io.argus.benchmarks.percall} benchmark once per configuration, one after
 * the other (one JMH fork each, the agent in the fork's command line), rotating the order of the configurations from
 * round to round.
 * Both agents export to one {@link ReceiverProcess}. Prints markdown tables of wall ns/op, CPU ns/op of the
 * application's threads ({@link ApplicationThreadsProfiler}), B/op of all threads ({@code -prof gc}, the agents' export
 * threads included) and B/op of the application's threads: median and min–max over rounds, the cost each agent adds
 * (difference of medians) and Argus's added cost over the OpenTelemetry agent's.
 *
 * <p>Run with {@code benchmarks/percall.sh [--rounds 3] [--warmup 10] [--iterations 5] [--seconds 1]
 * [--include regex] [--agents none,argus,otel]}. {@code --verify 500} instead counts the spans each call gives: 500
 * calls per fork, then the receiver's count once the agent has flushed at exit.
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
  private final Map<Key, List<ReceiverProcess.Stats>> received = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Options options = new Options(args, "rounds", "3", "warmup", "10", "iterations", "5", "seconds", "1",
        "include", ".*", "agents", "none,argus,otel", "verify", "0");
    new PerCallComparison().run(options);
  }

  private void run(Options options) throws Exception {
    List<AgentUnderTest> agents = options.agents("agents");
    List<String> calls = CALLS.keySet().stream()
        .filter(call -> java.util.regex.Pattern.compile(options.text("include")).matcher(call).find()).toList();
    String loadBefore = ProcessProbe.loadAverage();
    Instant started = Instant.now();
    Path logs = Path.of(System.getProperty("benchmarks.logs", "benchmarks/target/logs"), "percall");
    Files.createDirectories(logs);
    int metricsPort = Ports.free();
    int verifyOps = options.integer("verify");
    int rounds = verifyOps > 0 ? 1 : options.integer("rounds");
    try (ReceiverProcess receiver = ReceiverProcess.start(metricsPort, 10)) {
      AgentUnderTest.Setup setup = new AgentUnderTest.Setup(receiver.endpoint(), metricsPort, TRACED_METHODS, false);
      for (int round = 0; round < rounds; round++) {
        for (String call : calls) {
          for (AgentUnderTest agent : AgentUnderTest.orderInRound(agents, round)) {
            Path log = logs.resolve("round" + (round + 1) + "-" + call + "-" + agent.name().toLowerCase() + ".log");
            System.out.printf("round %d/%d, %s, %s (load average %s)%n", round + 1, rounds, call, agent.label(),
                ProcessProbe.loadAverage());
            ReceiverProcess.Stats before = receiver.stats();
            try {
              Collection<RunResult> results = new Runner(verifyOps > 0
                  ? verifyOptions(call, verifyOps, agent, setup, log)
                  : jmhOptions(options, call, agent, setup, log)).run();
              if (verifyOps == 0) {
                record(agent, results);
              }
            } catch (RunnerException e) {
              failures.add("round " + (round + 1) + ", " + call + ", " + agent.label() + ": " + e.getMessage()
                  + " (see " + log + ")");
              System.out.println("  FAILED: " + e.getMessage());
            }
            // Both agents flush at JVM exit; give the last request a moment to be counted.
            Thread.sleep(1000);
            received.computeIfAbsent(new Key(call, agent), k -> new ArrayList<>())
                .add(receiver.stats().minus(before));
          }
        }
      }
    }
    System.out.println();
    if (verifyOps > 0) {
      printVerification(calls, agents, verifyOps);
    } else {
      printTables(options, calls, agents, started, loadBefore);
    }
    failures.forEach(f -> System.out.println("FAILED " + f));
  }

  private void printTables(Options options, List<String> calls, List<AgentUnderTest> agents, Instant started,
      String loadBefore) {
    System.out.printf("Per-call cost, %s, %s: %d rounds of %d × %ss warm-up + %d × %ss measurement per benchmark and "
            + "configuration, one fork each; load average %s at the start, %s at the end.%n%n",
        started, Runtime.version(), options.integer("rounds"), options.integer("warmup"), options.text("seconds"),
        options.integer("iterations"), options.text("seconds"), loadBefore, ProcessProbe.loadAverage());
    System.out.println("Wall time per call (the benchmark thread), ns/op: median (min–max over rounds)\n");
    System.out.println(table(nanos, calls, agents));
    System.out.println("CPU time of the application's threads per call (the caller, the HTTP server and client "
        + "threads, the pool thread; not the agents' own threads, the JIT or the GC), ns/op: median (min–max over "
        + "rounds)\n");
    System.out.println(table(cpu, calls, agents));
    System.out.println("Allocated per call by all threads (JMH -prof gc: the agents' export threads included), B/op: "
        + "median (min–max over rounds)\n");
    System.out.println(table(bytes, calls, agents));
    System.out.println("Allocated per call by the application's threads (as for CPU above), B/op: median (min–max "
        + "over rounds)\n");
    System.out.println(table(appBytes, calls, agents));
    System.out.println("Export check — what the OTLP receiver got during each run (warm-up included; at these call "
        + "rates both agents drop most spans at their full queues, as designed): median spans, metric pushes, "
        + "Prometheus scrapes\n");
    MarkdownTable exported = new MarkdownTable("call", "configuration", "spans", "metric pushes", "scrapes");
    for (String call : calls) {
      for (AgentUnderTest agent : agents) {
        List<ReceiverProcess.Stats> stats = received.getOrDefault(new Key(call, agent), List.of());
        exported.row(CALLS.get(call), agent.shortLabel(),
            Summary.of(stats.stream().map(s -> (double) s.spans()).toList()).format(0),
            Summary.of(stats.stream().map(s -> (double) s.metricRequests()).toList()).format(0),
            Summary.of(stats.stream().map(s -> (double) s.scrapes()).toList()).format(0));
      }
    }
    System.out.println(exported);
  }

  private void printVerification(List<String> calls, List<AgentUnderTest> agents, int ops) {
    System.out.printf("Spans per call received by the OTLP receiver (%d calls per benchmark in one fork, then the "
        + "fork exits and the agent flushes; the benchmark's set-up is included)%n%n", ops);
    List<String> header = new ArrayList<>(List.of("call"));
    agents.forEach(a -> header.add(a.shortLabel()));
    MarkdownTable table = new MarkdownTable(header.toArray(new String[0]));
    for (String call : calls) {
      List<String> row = new ArrayList<>(List.of(CALLS.get(call)));
      for (AgentUnderTest agent : agents) {
        List<ReceiverProcess.Stats> stats = received.getOrDefault(new Key(call, agent), List.of());
        row.add(stats.isEmpty() ? "—" : Summary.number((double) stats.get(0).spans() / ops, 2));
      }
      table.row(row.toArray(new String[0]));
    }
    System.out.println(table);
  }

  private static org.openjdk.jmh.runner.options.Options jmhOptions(Options options, String call,
      AgentUnderTest agent, AgentUnderTest.Setup setup, Path log) {
    TimeValue time = TimeValue.seconds(Long.parseLong(options.text("seconds")));
    return common(call, agent, setup, log, List.of())
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .warmupIterations(options.integer("warmup"))
        .warmupTime(time)
        .measurementIterations(options.integer("iterations"))
        .measurementTime(time)
        .addProfiler(GCProfiler.class)
        .addProfiler(ApplicationThreadsProfiler.class)
        .build();
  }

  /** {@code ops} calls in one go, no warm-up: for counting the spans each call gives. */
  private static org.openjdk.jmh.runner.options.Options verifyOptions(String call, int ops, AgentUnderTest agent,
      AgentUnderTest.Setup setup, Path log) {
    // Argus starts its exporter in the background; on a busy machine a fork this short may exit first, and the
    // exit flush waits for that start only up to argus.shutdown.timeout (5 s by default).
    List<String> extra = agent == AgentUnderTest.ARGUS ? List.of("-Dargus.shutdown.timeout=60000") : List.of();
    return common(call, agent, setup, log, extra)
        .mode(org.openjdk.jmh.annotations.Mode.SingleShotTime)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementBatchSize(ops)
        .build();
  }

  private static org.openjdk.jmh.runner.options.ChainedOptionsBuilder common(String call, AgentUnderTest agent,
      AgentUnderTest.Setup setup, Path log, List<String> extraJvmArgs) {
    List<String> agentArgs = new ArrayList<>(agent.jvmArgs(setup));
    agentArgs.addAll(extraJvmArgs);
    return new OptionsBuilder()
        .include("^" + java.util.regex.Pattern.quote(PerCallComparison.class.getPackageName() + "." + call) + "$")
        .timeUnit(TimeUnit.NANOSECONDS)
        .forks(1)
        .threads(1)
        // nodelay: the JDK HttpServer writes headers and body separately; with Nagle's algorithm and the client's
        // delayed ACK every response would wait 40 ms on loopback.
        .jvmArgs("-Xms1g", "-Xmx1g", "-Dsun.net.httpserver.nodelay=true")
        .jvmArgsAppend(agentArgs.toArray(new String[0]))
        .shouldFailOnError(true)
        .output(log.toString());
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

  private static String table(Map<Key, List<Double>> values, List<String> calls, List<AgentUnderTest> agents) {
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
