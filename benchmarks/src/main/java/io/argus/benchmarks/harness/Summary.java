package io.argus.benchmarks.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, minimum and maximum of repeated measurements (rounds), as every table here reports them. */
public record Summary(double median, double min, double max, int count) {

  public static Summary of(List<Double> values) {
    if (values.isEmpty()) {
      return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Summary(median, sorted.get(0), sorted.get(n - 1), n);
  }

  /** {@code 1 234 (1 200–1 300)} with the given number of decimals. */
  public String format(int decimals) {
    if (count == 0) {
      return "—";
    }
    if (count == 1) {
      return number(median, decimals);
    }
    return number(median, decimals) + " (" + number(min, decimals) + "–" + number(max, decimals) + ")";
  }

  /** As {@link #format(int)}, one decimal below 100, none above. */
  public String format() {
    return format(decimalsFor(median));
  }

  /** One decimal for values below 100 (a few ns, a few bytes), none above. */
  public static int decimalsFor(double value) {
    return Math.abs(value) < 100 ? 1 : 0;
  }

  /** As {@link #signed(double, int)} with {@link #decimalsFor}. */
  public static String signed(double value) {
    return signed(value, decimalsFor(value));
  }

  /** A number with thin-space-free digit grouping ({@code 12 345.6}), as docs/performance.md writes them. */
  public static String number(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "—";
    }
    String text = String.format(java.util.Locale.ROOT, "%,." + decimals + "f", value);
    return text.replace(',', ' ');
  }

  /** {@code +12.3} / {@code −4.5}: a difference, signed. */
  public static String signed(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "—";
    }
    return (value >= 0 ? "+" : "−") + number(Math.abs(value), decimals);
  }

  /** Argus's added cost over the OpenTelemetry agent's, as {@code 0.42}; {@code n/a} when OTel adds nothing. */
  public static String ratio(double argusAdded, double otelAdded) {
    return ratio(argusAdded, otelAdded, false);
  }

  /**
   * As {@link #ratio(double, double)} for a measure where more is better (throughput): the cost is then a loss, a
   * negative difference, and the ratio compares the losses.
   */
  public static String ratio(double argusAdded, double otelAdded, boolean higherIsBetter) {
    double sign = higherIsBetter ? -1 : 1;
    if (Double.isNaN(argusAdded) || Double.isNaN(otelAdded) || sign * otelAdded <= 0) {
      return "n/a";
    }
    return String.format(java.util.Locale.ROOT, "%.2f", argusAdded / otelAdded);
  }
}
