package io.argus.smoke.apps.context;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.Scope;
import io.argus.bootstrap.SpanKind;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Rounds of N virtual threads (Executors.newVirtualThreadPerTaskExecutor, looked up reflectively: the app is compiled
 * for 17), each making a child span and sleeping with it current, so it unmounts and remounts. Reports per round the
 * tasks that did not see the right context and the heap after GC, then the jdk.VirtualThreadPinned events that JFR
 * recorded, one of them deliberately caused (a virtual thread that sleeps in a class initializer is still pinned on
 * JDK 24+) to show the recording works.
 */
final class VirtualThreadScenario {
  private VirtualThreadScenario() {}

  static void run(int tasks, int rounds) throws Exception {
    Path jfrFile = Files.createTempFile("argus-virtual-threads", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ofMillis(5)).withStackTrace();
      recording.start();
      for (int round = 1; round <= rounds; round++) {
        AtomicInteger mismatches = new AtomicInteger();
        long start = System.nanoTime();
        Spans.scenario("virtual-threads", () -> runRound(tasks, mismatches));
        System.out.println("VT_ROUND " + round + " tasks=" + tasks + " mismatches=" + mismatches.get()
            + " millis=" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        System.out.println("VT_HEAP_AFTER_GC round=" + round + " bytes=" + heapAfterGc());
      }
      pinWhileInitialising();
      recording.stop();
      recording.dump(jfrFile);
    }
    List<RecordedEvent> pinned = RecordingFile.readAllEvents(jfrFile).stream()
        .filter(event -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
        .collect(Collectors.toList());
    System.out.println("VT_PINNED_EVENTS=" + pinned.size());
    for (RecordedEvent event : pinned) {
      String frames = event.getStackTrace() == null ? "no stack" : event.getStackTrace().getFrames().stream()
          .limit(40)
          .map(RecordedFrame::getMethod)
          .map(method -> method.getType().getName() + "." + method.getName())
          .collect(Collectors.joining(" < "));
      System.out.println("VT_PINNED " + frames);
    }
    Files.deleteIfExists(jfrFile);
    System.out.println("VIRTUAL DONE");
  }

  private static void runRound(int tasks, AtomicInteger mismatches) throws Exception {
    ArgusContext parent = ArgusContext.current();
    ExecutorService executor = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    for (int i = 0; i < tasks; i++) {
      Runnable task = () -> childWithSleep(parent, mismatches);
      if (i % 2 == 0) {
        executor.execute(task);
      } else {
        executor.submit(task);
      }
    }
    executor.shutdown();
    if (!executor.awaitTermination(5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("virtual threads did not finish");
    }
  }

  private static void childWithSleep(ArgusContext parent, AtomicInteger mismatches) {
    if (ArgusContext.current().span() != parent.span()) {
      mismatches.incrementAndGet();
    }
    ArgusSpan child = ArgusTracer.startSpan("virtual-threads-child", SpanKind.INTERNAL);
    try (Scope ignored = child.makeCurrent()) {
      Thread.sleep(1);
      if (ArgusContext.current().span() != child) {
        mismatches.incrementAndGet();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      child.end();
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The control: one pinned park that JFR must report, whatever the agent does. */
  private static void pinWhileInitialising() throws Exception {
    Thread thread = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class)
        .invoke(null, (Runnable) () -> System.out.println("VT_CONTROL " + PinsWhileInitialising.VALUE));
    thread.join();
  }

  static final class PinsWhileInitialising {
    static final String VALUE;

    static {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      VALUE = "initialised";
    }
  }
}
