package io.argus.benchmarks;

import io.argus.agent.export.SpanQueue;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.argus.bootstrap.sampling.ParentBasedSampler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The application-thread cost of one span: start, three attributes, make current, close the scope, end and hand off
 * to the export queue. A consumer thread drains the queue as the export thread would, so the queue never fills.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SpanLifecycleBenchmark {
  @Param({"always_on", "always_off"})
  public String sampler;

  private SpanQueue queue;
  private Thread drainer;
  private volatile boolean running;

  @Setup(Level.Trial)
  public void setUp() {
    queue = new SpanQueue(8192, 512);
    ArgusTracer.install(
        new ParentBasedSampler("always_on".equals(sampler) ? ConstantSampler.ALWAYS_ON : ConstantSampler.ALWAYS_OFF),
        queue);
    running = true;
    drainer =
        new Thread(
            () -> {
              List<ArgusSpan> sink = new ArrayList<>(512);
              while (running) {
                queue.drainTo(sink, 512);
                sink.clear();
                Thread.onSpinWait();
              }
            },
            "benchmark-drainer");
    drainer.setDaemon(true);
    drainer.start();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    running = false;
    drainer.join();
    ArgusTracer.uninstall();
  }

  @Benchmark
  public ArgusSpan serverSpanWithThreeAttributes() {
    ArgusSpan span = ArgusTracer.startSpan("GET /owners/{id}", SpanKind.SERVER, ArgusContext.ROOT);
    span.setAttribute("http.request.method", "GET");
    span.setAttribute("http.route", "/owners/{id}");
    span.setAttribute("http.response.status_code", 200L);
    try (Scope ignored = span.makeCurrent()) {
      // the instrumented method would run here
    }
    span.end();
    return span;
  }
}
