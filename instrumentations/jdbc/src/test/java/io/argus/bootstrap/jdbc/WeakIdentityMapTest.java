package io.argus.bootstrap.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {

  /** A key whose equals and hashCode claim every instance is the same, as a careless driver's might. */
  private static final class EqualToEverything {
    @Override
    public boolean equals(Object other) {
      return other instanceof EqualToEverything;
    }

    @Override
    public int hashCode() {
      return 1;
    }
  }

  @Test
  void keysCompareByIdentityNeverByEquals() {
    WeakIdentityMap<Object, String> map = new WeakIdentityMap<>();
    EqualToEverything a = new EqualToEverything();
    EqualToEverything b = new EqualToEverything();
    map.put(a, "a");
    map.put(b, "b");

    assertThat(map.get(a)).isEqualTo("a");
    assertThat(map.get(b)).isEqualTo("b");
    assertThat(map.get(new EqualToEverything())).isNull();
    assertThat(map.putIfAbsent(a, "other")).isEqualTo("a");
    map.remove(a);
    assertThat(map.get(a)).isNull();
  }

  @Test
  void entriesGoWhenTheirKeysAreCollected() throws InterruptedException {
    WeakIdentityMap<Object, byte[]> map = new WeakIdentityMap<>();
    List<Object> kept = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      Object key = new Object();
      if (i < 10) {
        kept.add(key);
      }
      map.put(key, new byte[16]);
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (map.size() > 10 && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
      map.put(new Object(), new byte[0]); // writes expunge what the collector queued
    }
    assertThat(map.size()).isLessThanOrEqualTo(11);
    for (Object key : kept) {
      assertThat(map.get(key)).isNotNull();
    }
  }
}
