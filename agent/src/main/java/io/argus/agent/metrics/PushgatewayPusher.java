package io.argus.agent.metrics;

import io.argus.agent.config.SecretText;
import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.AgentThread;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLEncoder;
import java.util.Base64;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pushes the agent's metrics to a Prometheus Pushgateway, for batch jobs and CLI tools that end before anyone scrapes
 * them: every interval, and once more at JVM exit. Grouping key: {@code job} = service name, {@code instance}. A
 * Pushgateway that is down costs one log line and a counted failure, never a hung exit: every push is bounded by
 * short connect and read timeouts.
 *
 * <p>The push protocol is one HTTP PUT of the text exposition format (so no client library is needed beyond the
 * text writer the endpoint already uses); PUT replaces the group's previous metrics.
 */
public final class PushgatewayPusher {
  private static final AgentLog LOG = AgentLog.get("pushgateway");

  private final PrometheusRegistry registry;
  private final String url;
  private final int timeoutMillis;
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final ScheduledExecutorService scheduler;
  private volatile String lastError;

  public PushgatewayPusher(
      PrometheusRegistry registry, String baseUrl, String job, String instance, int timeoutMillis) {
    this.registry = registry;
    this.url = groupUrl(baseUrl, job, instance);
    this.timeoutMillis = timeoutMillis;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            new ThreadFactory() {
              @Override
              public Thread newThread(Runnable task) {
                return new AgentThread(task, "argus-pushgateway");
              }
            });
    CounterWithCallback.builder()
        .name("argus_pushgateway_pushes")
        .help("Pushes of the metrics to the Pushgateway, by result")
        .labelNames("result")
        .callback(
            callback -> {
              callback.call(succeeded.sum(), "success");
              callback.call(failed.sum(), "failure");
            })
        .register(registry);
  }

  /** {@code <base>/metrics/job/<job>/instance/<instance>}; a value with '/' uses the Pushgateway's base64 form. */
  static String groupUrl(String baseUrl, String job, String instance) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return base + "/metrics" + segment("job", job) + segment("instance", instance);
  }

  private static String segment(String label, String value) {
    try {
      if (value.contains("/") || value.isEmpty()) {
        return "/" + label + "@base64/" + base64Url(value); // RFC 4648 §5, as the Pushgateway expects
      }
      return "/" + label + "/" + URLEncoder.encode(value, "UTF-8").replace("+", "%20");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64Url(String value) throws IOException {
    return Base64.getUrlEncoder().encodeToString(value.getBytes("UTF-8"));
  }

  public void start(long intervalMillis) {
    scheduler.scheduleWithFixedDelay(
        new Runnable() {
          @Override
          public void run() {
            push();
          }
        },
        intervalMillis,
        intervalMillis,
        TimeUnit.MILLISECONDS);
    LOG.info("pushgateway_started", "url", SecretText.url(url), "interval_ms", intervalMillis);
  }

  /** The last push, from the shutdown hook: stops the schedule first so the two never overlap. */
  public void pushAtExit() {
    scheduler.shutdownNow();
    push();
  }

  /** One push; never throws. Returns whether the Pushgateway accepted it. */
  public boolean push() {
    HttpURLConnection connection = null;
    try {
      ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
      new PrometheusTextFormatWriter(false).write(body, registry.scrape(), EscapingScheme.DEFAULT);
      connection = (HttpURLConnection) new URL(url).openConnection();
      connection.setRequestMethod("PUT");
      connection.setDoOutput(true);
      connection.setConnectTimeout(timeoutMillis);
      connection.setReadTimeout(timeoutMillis);
      connection.setRequestProperty("Content-Type", PrometheusTextFormatWriter.CONTENT_TYPE);
      OutputStream out = connection.getOutputStream();
      try {
        body.writeTo(out);
      } finally {
        out.close();
      }
      int status = connection.getResponseCode();
      drain(status < 400 ? connection.getInputStream() : connection.getErrorStream());
      if (status >= 200 && status < 300) {
        succeeded.increment();
        if (lastError != null) {
          LOG.info("pushgateway_recovered", "url", SecretText.url(url));
          AgentLog.resetOnce("pushgateway");
          lastError = null;
        }
        return true;
      }
      fail("HTTP " + status + " from " + SecretText.url(url), null);
    } catch (Throwable t) {
      fail(t.getClass().getSimpleName() + ": " + t.getMessage(), t);
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
    return false;
  }

  private void fail(String message, Throwable cause) {
    failed.increment();
    lastError = message;
    LOG.once(
        AgentLog.Level.ERROR,
        "pushgateway",
        "pushgateway_push_failed",
        cause,
        "url",
        SecretText.url(url),
        "detail",
        message,
        "consequence",
        "metrics not pushed this time; counted in argus_pushgateway_pushes_total");
  }

  private static void drain(InputStream in) throws IOException {
    if (in == null) {
      return;
    }
    try {
      byte[] buffer = new byte[1024];
      while (in.read(buffer) != -1) {
        // discard: the response has no content we need
      }
    } finally {
      in.close();
    }
  }

  public long succeeded() {
    return succeeded.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public String lastError() {
    return lastError;
  }

  public String url() {
    return url;
  }
}
