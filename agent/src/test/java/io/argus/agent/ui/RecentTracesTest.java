package io.argus.agent.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.agent.export.ArgusSpanData;
import io.argus.agent.export.SpanDataForTests;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentTracesTest {
  @Test
  void theStoreKeepsAtMostMaxTracesAndEvictsTheLeastRecentlyUpdated() {
    RecentTraces store = new RecentTraces(3, 1 << 20);
    for (int i = 0; i < 5; i++) {
      store.onBatch(List.of(SpanDataForTests.root("GET /t" + i, 1_000_000L * i, false)));
    }

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.evicted()).isEqualTo(2);
    assertThat(store.search(new TraceFilter(null, false, 0, false), 10))
        .extracting(summary -> summary.rootName)
        .containsExactly("GET /t4", "GET /t3", "GET /t2");
  }

  @Test
  void theByteCapBoundsMemoryWhateverTheTraceCount() {
    RecentTraces store = new RecentTraces(100_000, 70_000);
    for (int i = 0; i < 10_000; i++) {
      store.onBatch(List.of(SpanDataForTests.root("GET /item/" + "x".repeat(200), i, false)));
    }

    assertThat(store.bytes()).isLessThanOrEqualTo(70_000);
    assertThat(store.size()).isLessThan(10_000).isGreaterThan(0);
  }

  @Test
  void filtersSelectErrorsSlowTracesAndTextAndSortByDuration() {
    RecentTraces store = new RecentTraces(100, 1 << 20);
    store.onBatch(List.of(SpanDataForTests.root("GET /fast", 1_000_000L, false)));
    store.onBatch(List.of(SpanDataForTests.root("GET /slow", 900_000_000L, false)));
    store.onBatch(List.of(SpanDataForTests.root("POST /orders", 5_000_000L, true)));

    assertThat(store.search(new TraceFilter(null, true, 0, false), 10))
        .extracting(summary -> summary.rootName)
        .containsExactly("POST /orders");
    assertThat(store.search(new TraceFilter(null, false, 100_000_000L, false), 10))
        .extracting(summary -> summary.rootName)
        .containsExactly("GET /slow");
    assertThat(store.search(new TraceFilter("get", false, 0, true), 10))
        .extracting(summary -> summary.rootName)
        .containsExactly("GET /slow", "GET /fast");
  }

  @Test
  void spansOfOneTraceAreGroupedAndReturnedForTheDetailView() {
    RecentTraces store = new RecentTraces(10, 1 << 20);
    ArgusSpanData root = SpanDataForTests.root("GET /owners", 10_000_000L, false);
    store.onBatch(List.of(SpanDataForTests.child(root, "SELECT owners"), root));

    assertThat(store.trace(root.getTraceId())).extracting(SpanData::getName).containsExactly("SELECT owners", "GET /owners");
    assertThat(store.search(new TraceFilter(null, false, 0, false), 10).get(0).rootName).isEqualTo("GET /owners");
    assertThat(store.trace("00000000000000000000000000000001")).isNull();
    String id = root.getTraceId();
    assertThat(store.trace("zzzzzzzzzzzzzzzz" + id.substring(16))).as("not hex: not read as zeros").isNull();
    assertThat(store.trace(id.toUpperCase(java.util.Locale.ROOT))).isNull();
    assertThat(store.trace(id + "0")).isNull();
    assertThat(store.trace(null)).isNull();
  }
}
