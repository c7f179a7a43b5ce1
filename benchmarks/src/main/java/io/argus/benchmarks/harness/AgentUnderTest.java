package io.argus.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;

/**
 * The three configurations every benchmark compares, and the exact JVM options of each. Both agents sample every
 * trace, export every span over OTLP http/protobuf to the same local receiver and keep their metrics on: Argus serves
 * {@code /metrics} (the receiver scrapes it every 10 s), the OpenTelemetry agent pushes OTLP metrics every 10 s. The
 * OpenTelemetry agent's log export is off: Argus has none (both put trace ids in the logging MDC).
 *
 * <p>The jars: {@code -Dargus.agent.jar=} (default {@code agent/target/argus-agent.jar}) and {@code -Dotel.agent.jar=}
 * (default {@code benchmarks/target/rival/opentelemetry-javaagent.jar}, downloaded from Maven Central by the
 * benchmarks module's build).
 */
public enum AgentUnderTest {
  NONE,
  ARGUS,
  OTEL;

  /**
   * Where the agents send their data, which methods to trace ({@code pkg.Class[m1,m2];pkg.Other[m]}), and whether
   * Argus's circuit breaker may pause span recording when its queue overflows. The comparisons turn the breaker off:
   * at saturation the OpenTelemetry agent keeps recording (and drops at its full queue), and an Argus that stopped
   * recording would be measured doing less work. The export benchmark keeps it, as shipped.
   */
  public record Setup(String otlpEndpoint, int argusMetricsPort, String tracedMethods, boolean argusBreaker) {}

  /** A short name for tables: {@code no agent}, {@code Argus <version>}, {@code OpenTelemetry agent <version>}. */
  public String label() {
    return switch (this) {
      case NONE -> "no agent";
      case ARGUS -> "Argus " + implementationVersion(jar());
      case OTEL -> "OpenTelemetry agent " + implementationVersion(jar());
    };
  }

  /** The column heading: {@code no agent}, {@code Argus}, {@code OTel agent}. */
  public String shortLabel() {
    return switch (this) {
      case NONE -> "no agent";
      case ARGUS -> "Argus";
      case OTEL -> "OTel agent";
    };
  }

  /**
   * The order of the configurations in round {@code round} (0-based): A B C, then B C A, then C A B, ... so that
   * drift on the machine and the position in a round hit every configuration alike.
   */
  public static List<AgentUnderTest> orderInRound(List<AgentUnderTest> agents, int round) {
    List<AgentUnderTest> order = new ArrayList<>(agents);
    java.util.Collections.rotate(order, -(round % agents.size()));
    return order;
  }

  public List<String> jvmArgs(Setup setup) {
    List<String> args = new ArrayList<>();
    switch (this) {
      case NONE -> { }
      case ARGUS -> {
        args.add("-javaagent:" + jar());
        common(args, setup);
        args.add("-Dargus.metrics.port=" + setup.argusMetricsPort());
        if (!setup.argusBreaker()) {
          args.add("-Dargus.breaker.enabled=false");
        }
        if (setup.tracedMethods() != null) {
          args.add("-Dargus.capabilities=" + setup.tracedMethods());
        }
      }
      case OTEL -> {
        args.add("-javaagent:" + jar());
        common(args, setup);
        args.add("-Dotel.metrics.exporter=otlp");
        args.add("-Dotel.metric.export.interval=10000");
        args.add("-Dotel.logs.exporter=none");
        if (setup.tracedMethods() != null) {
          args.add("-Dotel.instrumentation.methods.include=" + setup.tracedMethods());
        }
      }
    }
    return args;
  }

  private static void common(List<String> args, Setup setup) {
    args.add("-Dotel.service.name=benchmark");
    args.add("-Dotel.traces.sampler=always_on");
    args.add("-Dotel.traces.exporter=otlp");
    args.add("-Dotel.exporter.otlp.protocol=http/protobuf");
    args.add("-Dotel.exporter.otlp.endpoint=" + setup.otlpEndpoint());
  }

  /** The agent jar (absolute); fails with the build command when it is missing. */
  public Path jar() {
    Path jar = switch (this) {
      case NONE -> throw new IllegalStateException("no agent, no jar");
      case ARGUS -> Path.of(System.getProperty("argus.agent.jar", "agent/target/argus-agent.jar"));
      case OTEL -> Path.of(System.getProperty("otel.agent.jar", "benchmarks/target/rival/opentelemetry-javaagent.jar"));
    };
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar.toAbsolutePath() + " is missing: build first with "
          + "`mvn -B -DskipTests -pl benchmarks -am package` from the repository root");
    }
    return jar.toAbsolutePath();
  }

  private static String implementationVersion(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      String version = file.getManifest().getMainAttributes().getValue("Implementation-Version");
      return version == null ? "(unknown version)" : version;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jar, e);
    }
  }
}
