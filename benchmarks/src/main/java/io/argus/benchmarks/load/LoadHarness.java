package io.argus.benchmarks.load;

import io.argus.benchmarks.harness.AgentUnderTest;
import io.argus.benchmarks.harness.ChildJvm;
import io.argus.benchmarks.harness.CpuSet;
import io.argus.benchmarks.harness.MarkdownTable;
import io.argus.benchmarks.harness.Options;
import io.argus.benchmarks.harness.Ports;
import io.argus.benchmarks.harness.ProcessProbe;
import io.argus.benchmarks.harness.Summary;
import io.argus.benchmarks.harness.ThreadCpu;
import io.argus.benchmarks.otlp.ReceiverProcess;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The load harness: the Spring Boot MVC + JDBC service of {@code benchmarks/load-app} ({@code --app spring}, the
 * default) or the light JDK HTTP server + JDBC service ({@code --app light},
 * {@link io.argus.benchmarks.apps.LightOwnersService}), with no agent, with Argus and with the OpenTelemetry agent, one
 * fresh JVM per run, configurations rotated from round to round (A B C, B C A, ...). Each run measures, in this order:
 * start-up to the first HTTP 200 of {@code GET /owners/1}; a warm-up at saturation until the JIT has settled (at least
 * {@code --warmup} seconds); throughput at saturation ({@code wrk}) with the CPU seconds the service used per 1 000
 * requests, split by thread ({@link ThreadCpu}: application, agent, GC, JIT, other); p50/p99 latency at a fixed
 * moderate rate ({@code wrk} with {@code benchmarks/wrk/fixed-rate.lua}; by default a quarter of the saturation
 * throughput with the last agent, calibrated once before the rounds), after a warm-up at that rate until the JIT has
 * settled again, with its CPU per 1 000 requests split by thread; then RSS, loaded classes and heap after a full GC.
 * Prints one markdown table: median (min–max) over rounds, the cost each agent adds (difference of medians), Argus's
 * over the OpenTelemetry agent's and the target for that ratio.
 *
 * <p>Run with {@code benchmarks/load.sh [--app spring|light] [--rounds 5] [--warmup 15] [--saturation 15] [--fixed 20]
 * [--rate auto] [--connections 16] [--agents none,argus,otel] [--only all|startup] [--service-cpus all|LIST]
 * [--load-cpus all|LIST]}. {@code --only startup} stops each run at the first HTTP 200: start-up swings by seconds
 * from run to run on this machine, and many rounds of it alone (seconds each, instead of minutes) give a steadier
 * median. {@code --service-cpus 0 --load-cpus 1} runs the service on CPU 0 and {@code wrk} and the OTLP receiver on
 * CPU 1 ({@link CpuSet}).
 */
public final class LoadHarness {
  /**
   * A service under load: what the table's heading says of it, its class path, main class (argument: the port) and
   * JVM options besides the heap's.
   */
  private record App(String description, String classPath, String mainClass, List<String> jvmArgs) {
    static App named(String name) {
      return switch (name) {
        case "spring" -> new App(
            "Spring Boot 3.5 MVC + JdbcTemplate + HikariCP + H2 (benchmarks/load-app, -Xms512m -Xmx512m, G1)",
            "benchmarks/load-app/target/classes:benchmarks/load-app/target/lib/*",
            "io.argus.benchmarks.loadapp.OwnersService",
            List.of());
        case "light" -> new App(
            "the light service: JDK HttpServer + plain JDBC on H2 (LightOwnersService, -Xms512m -Xmx512m, G1)",
            System.getProperty("java.class.path"),
            "io.argus.benchmarks.apps.LightOwnersService",
            // The JDK server writes headers and body apart: with Nagle's algorithm and delayed ACKs each response
            // would wait 40 ms.
            List.of("-Dsun.net.httpserver.nodelay=true"));
        default -> throw new IllegalArgumentException("--app: expected spring or light, got " + name);
      };
    }
  }

  private static final String FIXED_RATE_SCRIPT = "benchmarks/wrk/fixed-rate.lua";

  /**
   * One row of the table. {@code higherIsBetter}: the agent's cost is a loss (throughput). {@code target}: the
   * issue's bound on Argus's added cost over the OpenTelemetry agent's, or empty.
   */
  private record Measure(String label, int decimals, boolean higherIsBetter, String target) {}

  private static final Measure STARTUP = new Measure("start-up to first HTTP 200, ms", 0, false, "≤ 1/3");
  private static final Measure WARMUP = new Measure("warm-up until the JIT settled, s", 0, false, "");
  private static final Measure FIXED_WARMUP =
      new Measure("warm-up at the fixed rate until the JIT settled again, s", 0, false, "");
  private static final Measure THROUGHPUT = new Measure("throughput at saturation, requests/s", 0, true, "≤ 1/2");
  private static final Measure CPU_SATURATED =
      new Measure("CPU per 1 000 requests at saturation, s", 3, false, "≤ 1/2");
  /** {@link #CPU_SATURATED} split by thread ({@link ThreadCpu}): where each agent's added CPU goes. */
  private static final Map<ThreadCpu.Group, Measure> CPU_SATURATED_BY_THREADS = byThreads("");

  private static final Measure P50 = new Measure("p50 latency at the fixed rate, ms", 2, false, "");
  private static final Measure P99 = new Measure("p99 latency at the fixed rate, ms", 2, false, "≤ 1/2");
  private static final Measure CPU_FIXED =
      new Measure("CPU per 1 000 requests at the fixed rate, s", 3, false, "≤ 1/2");
  private static final Map<ThreadCpu.Group, Measure> CPU_FIXED_BY_THREADS = byThreads(" (fixed rate)");

  /** One row per thread group; {@code qualifier} keeps the rows of two splits apart (measures are map keys). */
  private static Map<ThreadCpu.Group, Measure> byThreads(String qualifier) {
    Map<ThreadCpu.Group, Measure> measures = new EnumMap<>(ThreadCpu.Group.class);
    for (ThreadCpu.Group group : ThreadCpu.Group.values()) {
      measures.put(group, new Measure("… of which " + group.label() + qualifier + ", s", 3, false, ""));
    }
    return measures;
  }
  private static final Measure HEAP = new Measure("heap after full GC, MB", 1, false, "≤ 1/2");
  private static final Measure RSS = new Measure("RSS after the load, MB", 0, false, "");
  private static final Measure CLASSES = new Measure("loaded classes", 0, false, "≤ 1/2");
  private static final Measure SPANS = new Measure("spans received per request (export check)", 2, false, "");

  private final Map<Measure, Map<AgentUnderTest, List<Double>>> values = new LinkedHashMap<>();
  private int rate;
  private App app;
  private CpuSet serviceCpus;
  /** wrk's and the OTLP receiver's CPUs. */
  private CpuSet loadCpus;

  public static void main(String[] args) throws IOException {
    Options options = new Options(args, "app", "spring", "rounds", "5", "warmup", "15", "saturation", "15",
        "fixed", "20", "rate", "auto", "connections", "16", "agents", "none,argus,otel", "only", "all",
        "service-cpus", "all", "load-cpus", "all");
    new LoadHarness().run(options);
  }

  private void run(Options options) {
    app = App.named(options.text("app"));
    serviceCpus = new CpuSet(options.text("service-cpus"));
    loadCpus = new CpuSet(options.text("load-cpus"));
    boolean startupOnly = switch (options.text("only")) {
      case "all" -> false;
      case "startup" -> true;
      default -> throw new IllegalArgumentException("--only: expected all or startup, got " + options.text("only"));
    };
    List<Measure> measures = new ArrayList<>(List.of(STARTUP));
    if (!startupOnly) {
      measures.addAll(List.of(WARMUP, THROUGHPUT, CPU_SATURATED));
      measures.addAll(CPU_SATURATED_BY_THREADS.values());
      measures.addAll(List.of(FIXED_WARMUP, P50, P99, CPU_FIXED));
      measures.addAll(CPU_FIXED_BY_THREADS.values());
      measures.addAll(List.of(HEAP, RSS, CLASSES, SPANS));
    }
    for (Measure m : measures) {
      values.put(m, new EnumMap<>(AgentUnderTest.class));
    }
    List<AgentUnderTest> agents = options.agents("agents");
    String loadBefore = ProcessProbe.loadAverage();
    Instant started = Instant.now();
    int metricsPort = Ports.free();
    try (ReceiverProcess receiver = ReceiverProcess.start(metricsPort, 10, loadCpus)) {
      AgentUnderTest.Setup setup = new AgentUnderTest.Setup(receiver.endpoint(), metricsPort, null, false);
      if (!startupOnly) {
        rate = "auto".equals(options.text("rate")) ? calibrateRate(agents, setup, options) : options.integer("rate");
      }
      int rounds = options.integer("rounds");
      for (int round = 0; round < rounds; round++) {
        for (AgentUnderTest agent : AgentUnderTest.orderInRound(agents, round)) {
          System.out.printf("round %d/%d, %s (load average %s): ", round + 1, rounds, agent.label(),
              ProcessProbe.loadAverage());
          if (startupOnly) {
            measureStartup(agent, setup);
          } else {
            measure(agent, setup, receiver, options);
          }
        }
      }
    }
    System.out.printf("%nLoad harness, %s, %s: %s, GET /owners/{id}; %s; %s; load average %s at the start, %s at the "
            + "end.%n%n", started, Runtime.version(), app.description(), options,
        startupOnly ? "start-up only" : "fixed rate " + rate + " requests/s", loadBefore, ProcessProbe.loadAverage());
    System.out.println(table(agents));
  }

  /**
   * The fixed rate when none is given: a quarter of the saturation throughput of the last configuration (the
   * OpenTelemetry agent by default, the slowest so far), measured once after a warm-up — a moderate load on any
   * machine.
   */
  private int calibrateRate(List<AgentUnderTest> agents, AgentUnderTest.Setup setup, Options options) {
    AgentUnderTest agent = agents.get(agents.size() - 1);
    int port = Ports.free();
    String url = "http://127.0.0.1:" + port + "/owners/1";
    List<String> jvmArgs = jvmArgs(agent, setup);
    try (ChildJvm service = ChildJvm.start("load-app-calibration", serviceCpus, jvmArgs, app.classPath(),
        app.mainClass(), List.of(Integer.toString(port)))) {
      awaitFirstOk(url, System.nanoTime(), service);
      int connections = options.integer("connections");
      warmUp(service.pid(), options.integer("warmup"),
          seconds -> Wrk.saturate(loadCpus, url, 2, connections, seconds));
      double saturated = Wrk.saturate(loadCpus, url, 2, connections, options.integer("saturation"))
          .requestsPerSecond();
      int rate = Math.max(10, (int) (saturated / 4 / 10) * 10);
      System.out.printf("calibration with %s: %.0f requests/s at saturation, fixed rate %d requests/s%n",
          agent.label(), saturated, rate);
      return rate;
    }
  }

  /** The service's JVM options under {@code agent}: the fixed heap, the app's own options, the agent's. */
  private List<String> jvmArgs(AgentUnderTest agent, AgentUnderTest.Setup setup) {
    // G1, the server JVM's default, whatever the CPUs given: on one CPU the JVM would pick the Serial collector.
    List<String> args = new ArrayList<>(List.of("-Xms512m", "-Xmx512m", "-XX:+UseG1GC"));
    args.addAll(app.jvmArgs());
    args.addAll(agent.jvmArgs(setup));
    return args;
  }

  private void measureStartup(AgentUnderTest agent, AgentUnderTest.Setup setup) {
    int port = Ports.free();
    List<String> jvmArgs = jvmArgs(agent, setup);
    long launched = System.nanoTime();
    try (ChildJvm service = ChildJvm.start("load-app-" + agent.name().toLowerCase(), serviceCpus, jvmArgs,
        app.classPath(), app.mainClass(), List.of(Integer.toString(port)))) {
      double startupMillis = awaitFirstOk("http://127.0.0.1:" + port + "/owners/1", launched, service);
      add(agent, STARTUP, startupMillis);
      System.out.printf("start-up %.0f ms%n", startupMillis);
    }
  }

  private void measure(AgentUnderTest agent, AgentUnderTest.Setup setup, ReceiverProcess receiver, Options options) {
    int port = Ports.free();
    String url = "http://127.0.0.1:" + port + "/owners/1";
    List<String> jvmArgs = jvmArgs(agent, setup);
    ReceiverProcess.Stats before = receiver.stats();
    long launched = System.nanoTime();
    try (ChildJvm app = ChildJvm.start("load-app-" + agent.name().toLowerCase(), serviceCpus, jvmArgs,
        this.app.classPath(), this.app.mainClass(), List.of(Integer.toString(port)))) {
      double startupMillis = awaitFirstOk(url, launched, app);
      int connections = options.integer("connections");
      WarmUp warmup = warmUp(app.pid(), options.integer("warmup"),
          seconds -> Wrk.saturate(loadCpus, url, 2, connections, seconds));

      ThreadCpu.Snapshot saturationStart = ThreadCpu.snapshot(app.pid());
      Wrk.Report saturated = Wrk.saturate(loadCpus, url, 2, connections, options.integer("saturation"));
      ThreadCpu.Snapshot saturationEnd = ThreadCpu.snapshot(app.pid());
      // The JIT recompiles for the new traffic (its profile was taken at saturation): measure the steady state.
      WarmUp fixedWarmup = warmUp(app.pid(), FIXED_WARM_UP_MIN_SECONDS,
          seconds -> Wrk.fixedRate(loadCpus, url, FIXED_RATE_SCRIPT, rate, 8, seconds));
      ThreadCpu.Snapshot fixedStart = ThreadCpu.snapshot(app.pid());
      Wrk.Report fixed = Wrk.fixedRate(loadCpus, url, FIXED_RATE_SCRIPT, rate, 8, options.integer("fixed"));
      ThreadCpu.Snapshot fixedEnd = ThreadCpu.snapshot(app.pid());
      double cpuSaturated = (saturationEnd.processSeconds() - saturationStart.processSeconds())
          / saturated.requests() * 1000;
      double cpuFixed = (fixedEnd.processSeconds() - fixedStart.processSeconds()) / fixed.requests() * 1000;
      Map<ThreadCpu.Group, Double> byThreads =
          perThousandRequests(ThreadCpu.between(saturationStart, saturationEnd), saturated.requests());
      Map<ThreadCpu.Group, Double> byThreadsFixed =
          perThousandRequests(ThreadCpu.between(fixedStart, fixedEnd), fixed.requests());

      double rssMb = ProcessProbe.rssBytes(app.pid()) / 1048576.0;
      double classes = ProcessProbe.loadedClasses(app.pid());
      double heapMb = ProcessProbe.heapAfterFullGc(app.pid()) / 1048576.0;
      long errors = warmup.errors() + saturated.errors() + fixedWarmup.errors() + fixed.errors();
      if (errors > 0) {
        throw new IllegalStateException(agent.label() + ": " + errors + " failed requests; wrk said:\n"
            + saturated.output() + fixed.output());
      }
      long requests = 1 + warmup.requests() + saturated.requests() + fixedWarmup.requests() + fixed.requests();
      double spansPerRequest = (double) receiver.stats().minus(before).spans() / requests;

      add(agent, STARTUP, startupMillis);
      add(agent, WARMUP, warmup.seconds());
      add(agent, THROUGHPUT, saturated.requestsPerSecond());
      add(agent, CPU_SATURATED, cpuSaturated);
      byThreads.forEach((group, seconds) -> add(agent, CPU_SATURATED_BY_THREADS.get(group), seconds));
      add(agent, FIXED_WARMUP, fixedWarmup.seconds());
      add(agent, P50, fixed.p50Millis());
      add(agent, P99, fixed.p99Millis());
      add(agent, CPU_FIXED, cpuFixed);
      byThreadsFixed.forEach((group, seconds) -> add(agent, CPU_FIXED_BY_THREADS.get(group), seconds));
      add(agent, HEAP, heapMb);
      add(agent, RSS, rssMb);
      add(agent, CLASSES, classes);
      add(agent, SPANS, spansPerRequest);
      System.out.printf("start-up %.0f ms, warm-up %d s, %.0f req/s, CPU %.3f s/1000 req, fixed %.0f req/s p50 %.2f ms p99 %.2f ms "
              + "CPU %.3f s/1000 req, heap %.1f MB, RSS %.0f MB, %.0f classes, %.2f spans/request%n",
          startupMillis, warmup.seconds(), saturated.requestsPerSecond(), cpuSaturated,
          fixed.requestsPerSecond(), fixed.p50Millis(), fixed.p99Millis(), cpuFixed,
          heapMb, rssMb, classes, spansPerRequest);
      printSplit("saturation", byThreads);
      printSplit("fixed rate", byThreadsFixed);
    }
  }

  /** CPU seconds by thread group, per 1 000 of {@code requests}. */
  private static Map<ThreadCpu.Group, Double> perThousandRequests(Map<ThreadCpu.Group, Double> seconds, long requests) {
    Map<ThreadCpu.Group, Double> perThousand = new EnumMap<>(ThreadCpu.Group.class);
    seconds.forEach((group, s) -> perThousand.put(group, s / requests * 1000));
    return perThousand;
  }

  private static void printSplit(String phase, Map<ThreadCpu.Group, Double> perThousandRequests) {
    StringBuilder split = new StringBuilder("  " + phase + " CPU per 1 000 requests by threads:");
    perThousandRequests.forEach((group, seconds) -> split.append(String.format(" %s %.3f s;", group.label(), seconds)));
    System.out.println(split);
  }

  /** What the warm-up took: its length, requests and failed requests. */
  private record WarmUp(int seconds, long requests, long errors) {}

  private static final int WARM_UP_SLICE_SECONDS = 5;
  private static final int WARM_UP_MAX_SECONDS = 180;
  private static final int FIXED_WARM_UP_MIN_SECONDS = 10;

  /**
   * {@code load} (given the seconds it should last) for at least {@code minSeconds}, then in 5 s slices until the JIT
   * has settled: its compiler threads used under 5 % of the process's CPU in the last slice and no compilation waits in
   * its queues (at most 3 minutes). On a busy machine compilation lags, and the measured part must not pay for it — for
   * the agents least of all, which add code to compile. The queue matters on a single CPU: there a compiler with work
   * waiting gets only its share against the busy request threads, a few per cent, and looks idle by its CPU alone.
   */
  private static WarmUp warmUp(long pid, int minSeconds, IntFunction<Wrk.Report> load) {
    int seconds = 0;
    long requests = 0;
    long errors = 0;
    while (true) {
      ThreadCpu.Snapshot before = ThreadCpu.snapshot(pid);
      int slice = seconds < minSeconds ? Math.max(WARM_UP_SLICE_SECONDS, minSeconds) : WARM_UP_SLICE_SECONDS;
      Wrk.Report report = load.apply(slice);
      seconds += slice;
      requests += report.requests();
      errors += report.errors();
      ThreadCpu.Snapshot after = ThreadCpu.snapshot(pid);
      double jit = ThreadCpu.between(before, after).get(ThreadCpu.Group.JIT);
      double cpu = after.processSeconds() - before.processSeconds();
      if (seconds >= WARM_UP_MAX_SECONDS || (jit < 0.05 * cpu && ProcessProbe.queuedCompilations(pid) == 0)) {
        return new WarmUp(seconds, requests, errors);
      }
    }
  }

  /** Milliseconds from launch to the first 200 answer, polling every 10 ms. */
  private static double awaitFirstOk(String url, long launched, ChildJvm app) {
    long deadline = launched + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(30_000);
        if (connection.getResponseCode() == 200) {
          double millis = (System.nanoTime() - launched) / 1e6;
          try (InputStream body = connection.getInputStream()) {
            body.readAllBytes();
          }
          return millis;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (!app.isAlive()) {
        app.awaitLine(line -> false, Duration.ZERO); // fails with the output's tail
      }
      sleep(10);
    }
    throw new IllegalStateException("no HTTP 200 from " + url + " within 5 minutes");
  }

  private void add(AgentUnderTest agent, Measure measure, double value) {
    values.get(measure).computeIfAbsent(agent, a -> new ArrayList<>()).add(value);
  }

  private String table(List<AgentUnderTest> agents) {
    List<String> header = new ArrayList<>(List.of("measure"));
    agents.forEach(a -> header.add(a.shortLabel()));
    boolean compare = agents.contains(AgentUnderTest.NONE);
    boolean ratio = compare && agents.contains(AgentUnderTest.ARGUS) && agents.contains(AgentUnderTest.OTEL);
    if (compare) {
      agents.stream().filter(a -> a != AgentUnderTest.NONE).forEach(a -> header.add("added: " + a.shortLabel()));
    }
    if (ratio) {
      header.add("Argus added / OTel added");
      header.add("target");
    }
    MarkdownTable table = new MarkdownTable(header.toArray(new String[0]));
    values.forEach((measure, byAgent) -> {
      int decimals = measure.decimals();
      Map<AgentUnderTest, Summary> summaries = new EnumMap<>(AgentUnderTest.class);
      agents.forEach(a -> summaries.put(a, Summary.of(byAgent.getOrDefault(a, List.of()))));
      List<String> row = new ArrayList<>(List.of(measure.label()));
      agents.forEach(a -> row.add(summaries.get(a).format(decimals)));
      if (compare) {
        double base = summaries.get(AgentUnderTest.NONE).median();
        agents.stream().filter(a -> a != AgentUnderTest.NONE)
            .forEach(a -> row.add(Summary.signed(summaries.get(a).median() - base, decimals)));
        if (ratio) {
          row.add(measure == SPANS ? "" : Summary.ratio(summaries.get(AgentUnderTest.ARGUS).median() - base,
              summaries.get(AgentUnderTest.OTEL).median() - base, measure.higherIsBetter()));
          row.add(measure.target());
        }
      }
      table.row(row.toArray(new String[0]));
    });
    return table.toString();
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
