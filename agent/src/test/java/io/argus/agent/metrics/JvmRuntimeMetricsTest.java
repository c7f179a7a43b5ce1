package io.argus.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * JvmRuntimeMetrics is a drop-in for prometheus-metrics-instrumentation-jvm: both are registered in this JVM and
 * scraped side by side; everything but the values must match.
 */
class JvmRuntimeMetricsTest {
  /** Counted from GC notifications, so its pools depend on which collections each listener saw. */
  private static final String ALLOCATED = "jvm_memory_pool_allocated_bytes";

  private static final PrometheusRegistry library = new PrometheusRegistry();
  private static final PrometheusRegistry ours = new PrometheusRegistry();

  @BeforeAll
  static void registerBoth() throws InterruptedException {
    JvmMetrics.builder().register(library);
    JvmRuntimeMetrics.register(ours);
    // A collection after both listen, so the allocation counter has data points on both sides.
    for (int attempt = 0; attempt < 50 && !(hasPoints(library, ALLOCATED) && hasPoints(ours, ALLOCATED)); attempt++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  @Test
  void familiesHaveTheLibrarysNamesTypesHelpUnitsAndLabelNames() {
    assertThat(describe(ours.scrape())).isEqualTo(describe(library.scrape()));
  }

  @Test
  void labelValuesAreTheLibrarys() {
    Map<String, Set<String>> expected = labelSets(library.scrape());
    Map<String, Set<String>> actual = labelSets(ours.scrape());
    expected.remove(ALLOCATED);
    Set<String> allocatedPools = actual.remove(ALLOCATED);

    assertThat(actual).isEqualTo(expected);
    assertThat(allocatedPools).isNotEmpty().isSubsetOf(expected.get("jvm_memory_pool_used_bytes"));
  }

  @Test
  void exposedMetadataIsTheLibrarysInBothTextFormats() throws IOException {
    for (ExpositionFormatWriter writer :
        new ExpositionFormatWriter[] {PrometheusTextFormatWriter.create(), OpenMetricsTextFormatWriter.create()}) {
      assertThat(exposedNamesAndMetadata(writer, ours.scrape()))
          .isEqualTo(exposedNamesAndMetadata(writer, library.scrape()));
    }
  }

  @Test
  void valuesAreSane() {
    MetricSnapshots snapshots = ours.scrape();

    assertThat(gauge(snapshots, "jvm_memory_used_bytes", Labels.of("area", "heap"))).isPositive();
    assertThat(gauge(snapshots, "jvm_memory_max_bytes", Labels.of("area", "heap"))).isPositive();
    assertThat(gauge(snapshots, "jvm_threads_current", Labels.EMPTY)).isGreaterThanOrEqualTo(1);
    assertThat(gauge(snapshots, "jvm_threads_state", Labels.of("state", "RUNNABLE"))).isGreaterThanOrEqualTo(1);
    assertThat(gauge(snapshots, "jvm_classes_currently_loaded", Labels.EMPTY)).isPositive();
    assertThat(counter(snapshots, "jvm_classes_loaded")).isPositive();
    assertThat(gauge(snapshots, "process_start_time_seconds", Labels.EMPTY))
        .isBetween(1.5e9, System.currentTimeMillis() / 1000.0);
    SummarySnapshot gc = (SummarySnapshot) find(snapshots, "jvm_gc_collection_seconds");
    assertThat(gc.getDataPoints()).allSatisfy(point -> assertThat(point.getCount()).isNotNegative());
    assertThat(gc.getDataPoints().stream().mapToLong(point -> point.getCount()).sum()).isPositive();
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertThat(counter(snapshots, "process_cpu_seconds")).isPositive();
      assertThat(gauge(snapshots, "process_open_fds", Labels.EMPTY)).isPositive();
      assertThat(gauge(snapshots, "process_resident_memory_bytes", Labels.EMPTY)).isPositive();
      assertThat(gauge(snapshots, "process_virtual_memory_bytes", Labels.EMPTY))
          .isGreaterThan(gauge(snapshots, "process_resident_memory_bytes", Labels.EMPTY));
    }
  }

  @Test
  void allocationCountsGrowthBetweenAndDuringCollectionsButNeverShrinkage() {
    JvmRuntimeMetrics metrics = new JvmRuntimeMetrics();
    // Eden fills between collections and is emptied by them; the old generation grows during them.
    metrics.countAllocation("eden", 100, 0);
    metrics.countAllocation("old", 50, 80);
    metrics.countAllocation("survivor", 0, 0);
    metrics.countAllocation("eden", 150, 10);
    metrics.countAllocation("old", 80, 120);

    CounterSnapshot allocated = (CounterSnapshot) find(metrics.collect(), ALLOCATED);
    Map<String, Double> bytes = new TreeMap<>();
    allocated.getDataPoints().forEach(point -> bytes.put(point.getLabels().get("pool"), point.getValue()));
    assertThat(bytes).containsExactlyEntriesOf(new TreeMap<>(Map.of("eden", 250.0, "old", 120.0)));
  }

  /** Per family: type, the metadata the exposition formats use and the label names of its data points. */
  private static Map<String, String> describe(MetricSnapshots snapshots) {
    Map<String, String> families = new TreeMap<>();
    for (MetricSnapshot snapshot : snapshots) {
      MetricMetadata metadata = snapshot.getMetadata();
      Set<String> labelNames = new TreeSet<>();
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        point.getLabels().forEach(label -> labelNames.add(label.getName()));
      }
      families.put(
          metadata.getName(),
          String.join(" | ", snapshot.getClass().getSimpleName(), metadata.getExpositionBaseName(),
              metadata.getOriginalName(), metadata.getHelp(), String.valueOf(metadata.getUnit()),
              labelNames.toString()));
    }
    return families;
  }

  private static Map<String, Set<String>> labelSets(MetricSnapshots snapshots) {
    Map<String, Set<String>> families = new TreeMap<>();
    for (MetricSnapshot snapshot : snapshots) {
      Set<String> labelSets = new TreeSet<>();
      for (DataPointSnapshot point : snapshot.getDataPoints()) {
        labelSets.add(point.getLabels().toString());
      }
      families.put(snapshot.getMetadata().getName(), labelSets);
    }
    return families;
  }

  /** The HELP, TYPE and UNIT lines and the sample names, with the values and label values left out. */
  private static Set<String> exposedNamesAndMetadata(ExpositionFormatWriter writer, MetricSnapshots snapshots)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, snapshots, EscapingScheme.ALLOW_UTF8);
    Set<String> lines = new TreeSet<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(line.startsWith("#") ? line : line.split("[{ ]", 2)[0]);
    }
    return lines;
  }

  private static boolean hasPoints(PrometheusRegistry registry, String name) {
    for (MetricSnapshot snapshot : registry.scrape()) {
      if (snapshot.getMetadata().getName().equals(name)) {
        return !snapshot.getDataPoints().isEmpty();
      }
    }
    return false;
  }

  private static MetricSnapshot find(MetricSnapshots snapshots, String name) {
    for (MetricSnapshot snapshot : snapshots) {
      if (snapshot.getMetadata().getName().equals(name)) {
        return snapshot;
      }
    }
    throw new AssertionError("no family " + name);
  }

  private static double gauge(MetricSnapshots snapshots, String name, Labels labels) {
    for (GaugeSnapshot.GaugeDataPointSnapshot point : ((GaugeSnapshot) find(snapshots, name)).getDataPoints()) {
      if (point.getLabels().equals(labels)) {
        return point.getValue();
      }
    }
    throw new AssertionError("no " + name + labels);
  }

  private static double counter(MetricSnapshots snapshots, String name) {
    return ((CounterSnapshot) find(snapshots, name)).getDataPoints().get(0).getValue();
  }
}
