package io.argus.agent.ui;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rate, error share and latency percentiles per route, per capability, per query kind: read from the agent's own
 * duration histograms (the instrumentations' {@code *_duration_seconds}), so the viewer shows exactly what Prometheus
 * scrapes. Percentiles are interpolated within buckets, as PromQL's {@code histogram_quantile} does.
 */
final class RouteStatistics {
  /** Labels that split a route into outcomes rather than naming it. */
  private static final Set<String> OUTCOME_LABELS =
      new HashSet<String>(Arrays.asList("http_response_status_code", "status", "error_type"));

  private RouteStatistics() {}

  static List<Row> compute(PrometheusRegistry registry, double uptimeSeconds) {
    Map<String, Row> rows = new LinkedHashMap<String, Row>();
    for (MetricSnapshot snapshot : registry.scrape()) {
      String metric = snapshot.getMetadata().getPrometheusName();
      if (!(snapshot instanceof HistogramSnapshot) || metric.startsWith("argus_")) {
        continue;
      }
      for (HistogramSnapshot.HistogramDataPointSnapshot point : ((HistogramSnapshot) snapshot).getDataPoints()) {
        Labels labels = point.getLabels();
        StringBuilder name = new StringBuilder();
        boolean error = false;
        for (int i = 0; i < labels.size(); i++) {
          String label = labels.getPrometheusName(i);
          String value = labels.getValue(i);
          if (OUTCOME_LABELS.contains(label)) {
            error |= value.startsWith("5") || value.equals("error");
            continue;
          }
          if (name.length() > 0) {
            name.append(' ');
          }
          name.append(label).append('=').append(value);
        }
        String key = metric + '|' + name;
        Row row = rows.get(key);
        if (row == null) {
          row = new Row(metric, name.toString());
          rows.put(key, row);
        }
        row.add(point, error);
      }
    }
    List<Row> result = new ArrayList<Row>(rows.values());
    for (Row row : result) {
      row.ratePerSecond = uptimeSeconds > 0 ? row.count / uptimeSeconds : 0;
    }
    return result;
  }

  /** One route (or capability, or query kind): counts and merged bucket counts over its outcomes. */
  static final class Row {
    final String metric;
    final String name;
    long count;
    long errors;
    double sumSeconds;
    double ratePerSecond;
    private double[] upperBounds;
    private long[] bucketCounts;

    Row(String metric, String name) {
      this.metric = metric;
      this.name = name;
    }

    void add(HistogramSnapshot.HistogramDataPointSnapshot point, boolean error) {
      count += point.getCount();
      sumSeconds += point.getSum();
      if (error) {
        errors += point.getCount();
      }
      ClassicHistogramBuckets buckets = point.getClassicBuckets();
      if (upperBounds == null) {
        upperBounds = new double[buckets.size()];
        bucketCounts = new long[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
          upperBounds[i] = buckets.getUpperBound(i);
        }
      }
      for (int i = 0; i < Math.min(buckets.size(), bucketCounts.length); i++) {
        bucketCounts[i] += buckets.getCount(i);
      }
    }

    /** The q-quantile in seconds, linearly interpolated within its bucket; NaN without data. */
    double quantile(double q) {
      if (count == 0 || bucketCounts == null) {
        return Double.NaN;
      }
      double rank = q * count;
      long seen = 0;
      for (int i = 0; i < bucketCounts.length; i++) {
        if (seen + bucketCounts[i] >= rank && bucketCounts[i] > 0) {
          double lower = i == 0 ? 0 : upperBounds[i - 1];
          double upper = upperBounds[i];
          if (Double.isInfinite(upper)) {
            return lower; // as histogram_quantile: the highest finite bound
          }
          return lower + (upper - lower) * ((rank - seen) / bucketCounts[i]);
        }
        seen += bucketCounts[i];
      }
      return upperBounds.length > 1 ? upperBounds[upperBounds.length - 2] : Double.NaN;
    }
  }
}
