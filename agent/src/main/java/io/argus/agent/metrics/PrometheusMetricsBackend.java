package io.argus.agent.metrics;

import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.propagation.TraceparentCodec;
import io.prometheus.metrics.model.snapshots.Labels;
import io.argus.bootstrap.metrics.CallbackGauge;
import io.argus.bootstrap.metrics.MetricsBackend;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
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
  private static final long EXEMPLAR_INTERVAL_NANOS = 100_000_000L;

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
      /** When the next exemplar may be taken: at most one per interval per metric keeps the hot path cheap. */
      private final AtomicLong nextExemplarNanos = new AtomicLong(System.nanoTime() - EXEMPLAR_INTERVAL_NANOS);

      @Override
      DistributionDataPoint resolve(String[] labelValues) {
        return histogram.labelValues(labelValues);
      }

      @Override
      void apply(DistributionDataPoint point, double value) {
        point.observe(value);
      }

      @Override
      public void recordWithExemplar(
          double value, String[] labelValues, long traceIdHigh, long traceIdLow, long spanId) {
        long now = System.nanoTime();
        long next = nextExemplarNanos.get();
        if (now - next < 0 || !nextExemplarNanos.compareAndSet(next, now + EXEMPLAR_INTERVAL_NANOS)) {
          record(value, labelValues);
          return;
        }
        try {
          point(labelValues)
              .observeWithExemplar(
                  value,
                  Labels.of(
                      "trace_id", TraceparentCodec.traceIdHex(traceIdHigh, traceIdLow),
                      "span_id", TraceparentCodec.spanIdHex(spanId)));
        } catch (RuntimeException e) {
          LOG.once(AgentLog.Level.ERROR, "exemplar:" + name, "metric_record_failed", e, "metric", name);
        }
      }
    };
  }

  /**
   * Kept in adders and read at scrape time: the Prometheus client's {@code Gauge.inc} made a lambda per call and ran
   * a compare-and-set loop, twice per request for requests in flight.
   */
  @Override
  public Recorder upDownGauge(String name, String help, String[] labelNames) {
    // By label values: two threads resolving a new label set at once must end up with one series, or the scrape
    // would carry it twice and fail.
    final ConcurrentMap<List<String>, GaugeSeries> all = new ConcurrentHashMap<List<String>, GaugeSeries>();
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames)
        .callback(
            prometheus -> {
              for (GaugeSeries series : all.values()) {
                prometheus.call(series.value.sum(), series.labels);
              }
            })
        .register(registry);
    return new BoundedRecorder<GaugeSeries>(name, labelNames.length) {
      @Override
      GaugeSeries resolve(String[] labelValues) {
        return all.computeIfAbsent(Arrays.asList(labelValues), key -> new GaugeSeries(labelValues));
      }

      @Override
      void apply(GaugeSeries series, double value) {
        series.value.add(value);
      }
    };
  }

  private static final class GaugeSeries {
    final String[] labels;
    final DoubleAdder value = new DoubleAdder();

    GaugeSeries(String[] labels) {
      this.labels = labels;
    }
  }

  @Override
  public Recorder counter(String name, String help, String[] labelNames) {
    final Counter counter = Counter.builder().name(name).help(help).labelNames(labelNames).register(registry);
    return new BoundedRecorder<CounterDataPoint>(name, labelNames.length) {
      @Override
      CounterDataPoint resolve(String[] labelValues) {
        return counter.labelValues(labelValues);
      }

      @Override
      void apply(CounterDataPoint point, double value) {
        point.inc(value);
      }
    };
  }

  /**
   * Read at scrape time. The same cap applies per scrape, and a label set reported twice is kept once: a duplicate
   * would make the Prometheus client reject the whole scrape. A failing callback leaves its metric empty, never the
   * scrape broken.
   */
  @Override
  public void callbackGauge(
      final String name, String help, final String[] labelNames, final CallbackGauge.Callback callback) {
    GaugeWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames(labelNames)
        .callback(
            prometheus -> {
              final HashSet<String> seen = new HashSet<String>();
              try {
                callback.observe(
                    (value, labelValues) -> {
                      if (labelValues == null || labelValues.length != labelNames.length) {
                        throw new IllegalArgumentException(name + " expects " + labelNames.length
                            + " label values, got " + Arrays.toString(labelValues));
                      }
                      String[] labels = normalised(labelValues);
                      if (seen.size() >= maxSeries || !seen.add(Arrays.toString(labels))) {
                        return;
                      }
                      prometheus.call(value, labels);
                    });
              } catch (RuntimeException e) {
                LOG.once(AgentLog.Level.ERROR, "observe:" + name, "metric_callback_failed", e, "metric", name);
              }
            })
        .register(registry);
  }

  private static String[] normalised(String[] labelValues) {
    for (String value : labelValues) {
      if (value == null) {
        String[] copy = labelValues.clone();
        for (int i = 0; i < copy.length; i++) {
          copy[i] = copy[i] == null ? "" : copy[i];
        }
        return copy;
      }
    }
    return labelValues;
  }

  public Map<String, Long> overflows() {
    Map<String, Long> result = new java.util.TreeMap<String, Long>();
    for (Map.Entry<String, LongAdder> entry : overflows.entrySet()) {
      result.put(entry.getKey(), entry.getValue().sum());
    }
    return result;
  }

  private static final int RECENT_POINTS = 64;

  /** A label set and its point, for {@link BoundedRecorder}'s recent points. */
  private static final class RecentPoint<P> {
    private final String[] labels;
    private final P point;

    RecentPoint(String[] labels, P point) {
      this.labels = labels;
      this.point = point;
    }

    boolean sameLabels(String[] values) {
      for (int i = 0; i < values.length; i++) {
        String value = values[i];
        if (value != labels[i] && (value == null || !value.equals(labels[i]))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Label sets of one metric, resolved once each, up to the cap. */
  private abstract class BoundedRecorder<P> implements Recorder {
    private final String metric;
    private final int labelCount;
    private final ConcurrentMap<String, Object> tree = new ConcurrentHashMap<String, Object>();
    private final AtomicInteger series = new AtomicInteger();
    private volatile P overflowPoint;
    private P unlabelled;
    /**
     * The label sets recorded lately, by a hash of their values: most observations repeat a few label sets whose
     * values are the same strings each time (constants, cached routes and status texts), and one probe here replaces
     * one map look-up per label in {@link #tree}. Racy by design: entries are immutable, and a lost or overwritten
     * entry only costs the tree's look-up. Overflowed label sets are never kept, so each one is counted.
     */
    @SuppressWarnings("unchecked")
    private final RecentPoint<P>[] recent = (RecentPoint<P>[]) new RecentPoint<?>[RECENT_POINTS];

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
        failed(e);
      }
    }

    @Override
    public Series series(String[] labelValues) {
      final P point;
      try {
        point = point(labelValues);
      } catch (RuntimeException e) {
        failed(e);
        return Recorder.super.series(labelValues);
      }
      return new Series() {
        @Override
        public void record(double value) {
          try {
            apply(point, value);
          } catch (RuntimeException e) {
            failed(e);
          }
        }
      };
    }

    /** A failure to record is logged once per metric and never reaches the application's thread. */
    private void failed(RuntimeException e) {
      LOG.once(AgentLog.Level.ERROR, "record:" + metric, "metric_record_failed", e, "metric", metric);
    }

    P point(String[] labelValues) {
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
      int hash = 0;
      for (String value : labelValues) {
        hash = 31 * hash + (value == null ? 0 : value.hashCode());
      }
      int slot = (hash ^ (hash >>> 16)) & (RECENT_POINTS - 1);
      RecentPoint<P> seen = recent[slot];
      if (seen != null && seen.sameLabels(labelValues)) {
        return seen.point;
      }
      P point = lookUp(labelValues);
      if (point != overflowPoint) {
        recent[slot] = new RecentPoint<P>(labelValues.clone(), point);
      }
      return point;
    }

    /** The label set's point in {@link #tree}, made if new, or the overflow point beyond the cap. */
    @SuppressWarnings("unchecked")
    private P lookUp(String[] labelValues) {
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
          // Only the thread whose counter went in logs: two threads crossing the cap together must not both.
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
