package io.argus.agent.metrics;

import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.metrics.MetricsBackend;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The instrumentations' metrics in Prometheus, with a cap on label sets per metric: an unexpected source of label
 * values (a path without a route template, a client hitting thousands of hosts) must never grow the agent's memory or
 * the scrape without bound. Beyond the cap, observations are kept in one overflow series whose labels are all
 * {@code _other}, so counts stay exact; the overflow is counted per metric and logged once.
 *
 * <p>Resolved data points are cached in a tree of maps keyed by one label value per level: the hot path looks up
 * existing strings and allocates nothing once a label set has been seen.
 */
public final class PrometheusMetricsBackend implements MetricsBackend {
  private static final AgentLog LOG = AgentLog.get("metrics");
  static final String OVERFLOW = "_other";

  private final PrometheusRegistry registry;
  private final int maxSeries;
  private final ConcurrentMap<String, LongAdder> overflows = new ConcurrentHashMap<String, LongAdder>();

  public PrometheusMetricsBackend(PrometheusRegistry registry, int maxSeries) {
    this.registry = registry;
    this.maxSeries = maxSeries;
    CounterWithCallback.builder()
        .name("argus_metric_series_overflow")
        .help("Observations recorded in a metric's overflow series because it reached argus.metrics.max.series")
        .labelNames("metric")
        .callback(
            callback -> {
              for (Map.Entry<String, LongAdder> entry : overflows.entrySet()) {
                callback.call(entry.getValue().sum(), entry.getKey());
              }
            })
        .register(registry);
  }

  @Override
  public Recorder histogram(String name, String help, double[] bucketsSeconds, String[] labelNames) {
    final Histogram histogram =
        Histogram.builder()
            .name(name)
            .help(help)
            .unit(Unit.SECONDS)
            .labelNames(labelNames)
            .classicOnly()
            .classicUpperBounds(bucketsSeconds)
            .register(registry);
    return new BoundedRecorder<DistributionDataPoint>(name, labelNames.length) {
      @Override
      DistributionDataPoint resolve(String[] labelValues) {
        return histogram.labelValues(labelValues);
      }

      @Override
      void apply(DistributionDataPoint point, double value) {
        point.observe(value);
      }
    };
  }

  @Override
  public Recorder upDownGauge(String name, String help, String[] labelNames) {
    final Gauge gauge = Gauge.builder().name(name).help(help).labelNames(labelNames).register(registry);
    return new BoundedRecorder<GaugeDataPoint>(name, labelNames.length) {
      @Override
      GaugeDataPoint resolve(String[] labelValues) {
        return gauge.labelValues(labelValues);
      }

      @Override
      void apply(GaugeDataPoint point, double value) {
        point.inc(value);
      }
    };
  }

  public Map<String, Long> overflows() {
    Map<String, Long> result = new java.util.TreeMap<String, Long>();
    for (Map.Entry<String, LongAdder> entry : overflows.entrySet()) {
      result.put(entry.getKey(), entry.getValue().sum());
    }
    return result;
  }

  /** Label sets of one metric, resolved once each, up to the cap. */
  private abstract class BoundedRecorder<P> implements Recorder {
    private final String metric;
    private final int labelCount;
    private final ConcurrentMap<String, Object> tree = new ConcurrentHashMap<String, Object>();
    private final AtomicInteger series = new AtomicInteger();
    private volatile P overflowPoint;
    private P unlabelled;

    BoundedRecorder(String metric, int labelCount) {
      this.metric = metric;
      this.labelCount = labelCount;
    }

    abstract P resolve(String[] labelValues);

    abstract void apply(P point, double value);

    @Override
    public void record(double value, String[] labelValues) {
      try {
        apply(point(labelValues), value);
      } catch (RuntimeException e) {
        LOG.once(AgentLog.Level.ERROR, "record:" + metric, "metric_record_failed", e, "metric", metric);
      }
    }

    @SuppressWarnings("unchecked")
    private P point(String[] labelValues) {
      if (labelValues == null || labelValues.length != labelCount) {
        throw new IllegalArgumentException(
            metric + " expects " + labelCount + " label values, got " + Arrays.toString(labelValues));
      }
      if (labelCount == 0) {
        if (unlabelled == null) {
          unlabelled = resolve(labelValues);
        }
        return unlabelled;
      }
      ConcurrentMap<String, Object> level = tree;
      for (int i = 0; i < labelCount - 1; i++) {
        String key = labelValues[i] == null ? "" : labelValues[i];
        Object next = level.get(key);
        if (next == null) {
          if (series.get() >= maxSeries) {
            return overflow();
          }
          ConcurrentMap<String, Object> fresh = new ConcurrentHashMap<String, Object>();
          next = level.putIfAbsent(key, fresh);
          if (next == null) {
            next = fresh;
          }
        }
        level = (ConcurrentMap<String, Object>) next;
      }
      String last = labelValues[labelCount - 1] == null ? "" : labelValues[labelCount - 1];
      Object point = level.get(last);
      if (point != null) {
        return (P) point;
      }
      if (series.incrementAndGet() > maxSeries) {
        series.decrementAndGet();
        return overflow();
      }
      P fresh = resolve(normalised(labelValues));
      Object raced = level.putIfAbsent(last, fresh);
      if (raced != null) {
        series.decrementAndGet();
        return (P) raced;
      }
      return fresh;
    }

    private P overflow() {
      LongAdder count = overflows.get(metric);
      if (count == null) {
        LongAdder fresh = new LongAdder();
        count = overflows.putIfAbsent(metric, fresh);
        if (count == null) {
          count = fresh;
        }
        LOG.warn(
            "metric_series_capped",
            "metric",
            metric,
            "max_series",
            maxSeries,
            "consequence",
            "further label sets are recorded under labels " + OVERFLOW,
            "setting",
            "argus.metrics.max.series");
      }
      count.increment();
      P point = overflowPoint;
      if (point == null) {
        String[] labels = new String[labelCount];
        Arrays.fill(labels, OVERFLOW);
        point = resolve(labels);
        overflowPoint = point;
      }
      return point;
    }

    private String[] normalised(String[] labelValues) {
      String[] copy = labelValues.clone();
      for (int i = 0; i < copy.length; i++) {
        if (copy[i] == null) {
          copy[i] = "";
        }
      }
      return copy;
    }
  }
}
