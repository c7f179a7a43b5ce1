package io.argus.benchmarks.load;

import io.argus.benchmarks.harness.CpuSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs Debian's {@code wrk} and reads its report. */
final class Wrk {
  private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern FIXED_RATE = Pattern.compile(
      "fixed-rate: requests=(\\d+) duration_us=(\\d+) errors=(\\d+) p50_us=(\\d+) p90_us=(\\d+) p99_us=(\\d+) "
          + "p999_us=(\\d+) max_us=(\\d+)");

  /** What one wrk run gave: requests completed, seconds, failed requests, latency percentiles when measured. */
  record Report(long requests, double seconds, long errors, double p50Millis, double p99Millis, String output) {
    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  private Wrk() {}

  /** As many requests as {@code connections} connections on {@code threads} threads (on {@code cpus}) can make. */
  static Report saturate(CpuSet cpus, String url, int threads, int connections, int seconds) {
    String output = run(cpus.launch(List.of("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", url)));
    Matcher requests = find(REQUESTS, output);
    double duration = Double.parseDouble(requests.group(2)) * switch (requests.group(3)) {
      case "us" -> 1e-6;
      case "ms" -> 1e-3;
      case "m" -> 60;
      default -> 1;
    };
    long errors = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int i = 1; i <= 4; i++) {
        errors += Long.parseLong(socket.group(i));
      }
    }
    return new Report(Long.parseLong(requests.group(1)), duration, errors, Double.NaN, Double.NaN, output);
  }

  /** {@code rate} requests per second over {@code connections} connections ({@code script}: fixed-rate.lua). */
  static Report fixedRate(CpuSet cpus, String url, String script, int rate, int connections, int seconds) {
    String output = run(cpus.launch(List.of("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", "-s", script, url,
        "--", Integer.toString(rate))));
    Matcher m = find(FIXED_RATE, output);
    return new Report(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)) / 1e6, Long.parseLong(m.group(3)),
        Long.parseLong(m.group(4)) / 1000.0, Long.parseLong(m.group(6)) / 1000.0, output);
  }

  private static Matcher find(Pattern pattern, String output) {
    Matcher m = pattern.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output (no " + pattern + "):\n" + output);
    }
    return m;
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run wrk (apt-get install -y wrk): " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }
}
