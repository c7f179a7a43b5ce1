package io.argus.agent.protection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reads the real GC notifications of this JVM. */
class HeapAfterGcTest {

  @Test
  void aCollectionReportsTheShareOfTheHeapInUseAfterIt() throws InterruptedException {
    HeapAfterGc heap = HeapAfterGc.listen();

    System.gc();

    // Notifications are delivered asynchronously by the JVM's service thread.
    for (int i = 0; i < 200 && Double.isNaN(heap.getAsDouble()); i++) {
      Thread.sleep(100);
    }
    assertThat(heap.getAsDouble()).isBetween(0.0, 1.0);
  }
}
