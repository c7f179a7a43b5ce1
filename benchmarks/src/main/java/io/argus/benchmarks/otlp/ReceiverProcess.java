package io.argus.benchmarks.otlp;

import io.argus.benchmarks.harness.ChildJvm;
import io.argus.benchmarks.harness.CpuSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An {@link OtlpCountingReceiver} in its own JVM, started and read by the benchmark drivers. */
public final class ReceiverProcess implements AutoCloseable {
  private final ChildJvm jvm;
  private final String endpoint;

  private ReceiverProcess(ChildJvm jvm, String endpoint) {
    this.jvm = jvm;
    this.endpoint = endpoint;
  }

  /**
   * Starts a receiver on a free port that also scrapes {@code http://127.0.0.1:<scrapePort>/metrics} every
   * {@code scrapeIntervalSeconds} (what Prometheus would do to the Argus endpoint).
   */
  public static ReceiverProcess start(int scrapePort, int scrapeIntervalSeconds) {
    return start(scrapePort, scrapeIntervalSeconds, CpuSet.ALL);
  }

  /** As {@link #start(int, int)}, the receiver running only on {@code cpus}. */
  public static ReceiverProcess start(int scrapePort, int scrapeIntervalSeconds, CpuSet cpus) {
    ChildJvm jvm = ChildJvm.start("otlp-receiver", cpus,
        // nodelay: the JDK HttpServer writes headers and body separately, and with Nagle's algorithm each answer
        // could wait for the exporter's delayed ACK: the receiver, not the agent, would set the export rate.
        List.of("-Xms128m", "-Xmx256m", "-XX:+UseSerialGC", "-Dsun.net.httpserver.nodelay=true"),
        System.getProperty("java.class.path"), OtlpCountingReceiver.class.getName(),
        List.of("0", "http://127.0.0.1:" + scrapePort + "/metrics", Integer.toString(scrapeIntervalSeconds)));
    String line = jvm.awaitLine(l -> l.startsWith("listening on "), Duration.ofSeconds(30));
    return new ReceiverProcess(jvm, line.substring("listening on ".length()).trim());
  }

  /** {@code http://127.0.0.1:<port>}: the base OTLP/HTTP endpoint ({@code /v1/traces} etc. appended). */
  public String endpoint() {
    return endpoint;
  }

  /** What the receiver has counted since it started. */
  public Stats stats() {
    try (InputStream in = URI.create(endpoint + "/stats").toURL().openStream()) {
      Map<String, Long> values = new HashMap<>();
      for (String pair : new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim().split(" ")) {
        String[] kv = pair.split("=", 2);
        values.put(kv[0], Long.parseLong(kv[1]));
      }
      return new Stats(values.get("spans"), values.get("trace_requests"), values.get("metric_requests"),
          values.get("log_requests"), values.get("rejected"), values.get("scrapes"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the receiver's counts at " + endpoint + "/stats", e);
    }
  }

  @Override
  public void close() {
    jvm.close();
  }

  /** Counts of a receiver; {@link #minus} gives what arrived between two readings. */
  public record Stats(long spans, long traceRequests, long metricRequests, long logRequests, long rejected,
      long scrapes) {
    public Stats minus(Stats earlier) {
      return new Stats(spans - earlier.spans, traceRequests - earlier.traceRequests,
          metricRequests - earlier.metricRequests, logRequests - earlier.logRequests, rejected - earlier.rejected,
          scrapes - earlier.scrapes);
    }
  }
}
