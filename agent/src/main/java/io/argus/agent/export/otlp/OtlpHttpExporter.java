package io.argus.agent.export.otlp;

import io.argus.agent.config.OtlpSettings;
import io.argus.agent.config.SecretText;
import io.argus.agent.log.AgentLog;
import io.argus.bootstrap.AgentThread;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP over HTTP with protobuf bodies ({@code http/protobuf}), the OTLP default: each batch is encoded by {@link
 * OtlpTraceEncoder} and POSTed with the JDK's {@link HttpURLConnection} (keep-alive, TLS, the JVM's proxy settings) from
 * a few {@code argus-otlp-sender} threads. {@link AgentThread}s, so the agent's HTTP-client instrumentation leaves
 * these requests untraced.
 *
 * <p>Why not opentelemetry-exporter-otlp here (it still serves {@code grpc}): its marshalers, OkHttp, Okio and
 * Kotlin's standard library load some 330 classes into the application's JVM and build a tree of marshaler objects
 * per batch; this path loads a handful and encodes into reused buffers. The behaviour is the SDK exporter's: the
 * same headers, compression and timeout settings, and the SDK's default retry policy (five attempts, backoff from 1 s
 * growing by 1.5 up to 5 s with random jitter, on 429, 502, 503, 504 and on I/O errors; a {@code Retry-After} in
 * seconds replaces the backoff). The timeout bounds the whole export, retries included, as the SDK's call timeout
 * does: a retry that could not start before it passes is not made.
 *
 * <p>Exports are asynchronous: {@link #export} queues the batch and returns at once; the caller ({@code
 * ExporterChannel}) bounds how many batches may be outstanding.
 */
public final class OtlpHttpExporter implements SpanExporter {
  private static final AgentLog LOG = AgentLog.get("export");
  private static final int MAX_RESPONSE_BYTES = 64 * 1024;

  private final URL url;
  /** The endpoint as errors show it: credentials in the URL masked (errors reach /status and the log). */
  private final String shownUrl;
  private final Map<String, String> headers;
  private final int timeoutMillis;
  private final boolean gzip;
  private final String userAgent;
  private final RetryTiming retry;
  private final BlockingQueue<PendingExport> queue = new LinkedBlockingQueue<PendingExport>();
  private final List<Thread> senders = new ArrayList<Thread>();
  private volatile boolean shutdown;

  /** The retry policy's numbers; the SDK's defaults in production, shorter in tests. */
  public static final class RetryTiming {
    static final RetryTiming SDK_DEFAULT = new RetryTiming(5, 1000, 5000, 1.5);

    final int maxAttempts;
    final long initialBackoffMillis;
    final long maxBackoffMillis;
    final double multiplier;

    RetryTiming(int maxAttempts, long initialBackoffMillis, long maxBackoffMillis, double multiplier) {
      this.maxAttempts = maxAttempts;
      this.initialBackoffMillis = initialBackoffMillis;
      this.maxBackoffMillis = maxBackoffMillis;
      this.multiplier = multiplier;
    }
  }

  public OtlpHttpExporter(OtlpSettings settings, String agentVersion, int senderThreads) {
    this(settings, agentVersion, senderThreads, RetryTiming.SDK_DEFAULT);
  }

  OtlpHttpExporter(OtlpSettings settings, String agentVersion, int senderThreads, RetryTiming retry) {
    this.shownUrl = SecretText.url(settings.endpoint());
    try {
      this.url = new URL(settings.endpoint());
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("OTLP endpoint is not a URL: " + shownUrl, e);
    }
    if (!"http".equals(url.getProtocol()) && !"https".equals(url.getProtocol())) {
      throw new IllegalArgumentException("OTLP endpoint must be http or https: " + shownUrl);
    }
    this.headers = settings.headers();
    // 0 means no timeout, as in the SDK (and as HttpURLConnection reads it).
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(0, settings.timeoutMillis()));
    this.gzip = "gzip".equals(settings.compression());
    this.userAgent = "argus-agent/" + agentVersion;
    this.retry = retry;
    for (int i = 1; i <= senderThreads; i++) {
      Thread sender = new AgentThread(new Sender(), "argus-otlp-sender-" + i);
      senders.add(sender);
      sender.start();
    }
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode result = new CompletableResultCode();
    if (shutdown) {
      return result.failExceptionally(new IllegalStateException("exporter is shut down"));
    }
    queue.add(new PendingExport(spans, result));
    return result;
  }

  /** Nothing is held back: every batch given to {@link #export} is already on its way. */
  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  /** Stops the senders: batches not yet sent fail, a retry in progress stops at its next wait. */
  @Override
  public CompletableResultCode shutdown() {
    shutdown = true;
    for (Thread sender : senders) {
      sender.interrupt();
    }
    PendingExport pending;
    while ((pending = queue.poll()) != null) {
      pending.result.failExceptionally(new IllegalStateException("exporter shut down before sending"));
    }
    return CompletableResultCode.ofSuccess();
  }

  private static final class PendingExport {
    final Collection<SpanData> spans;
    final CompletableResultCode result;

    PendingExport(Collection<SpanData> spans, CompletableResultCode result) {
      this.spans = spans;
      this.result = result;
    }
  }

  /** One sending thread, with its own encoder and buffers. */
  private final class Sender implements Runnable {
    private final OtlpTraceEncoder encoder = new OtlpTraceEncoder();
    private final ExposedBytes compressed = new ExposedBytes();
    private final byte[] response = new byte[MAX_RESPONSE_BYTES];
    private final byte[] discard = new byte[8192];

    @Override
    public void run() {
      while (!shutdown) {
        PendingExport pending;
        try {
          pending = queue.take();
        } catch (InterruptedException e) {
          continue; // shutdown() interrupts; the loop condition ends the thread
        }
        try {
          send(pending);
        } catch (Throwable t) {
          pending.result.failExceptionally(t);
        }
      }
    }

    private void send(PendingExport pending) throws IOException {
      ProtobufWriter request = encoder.encode(pending.spans);
      byte[] body = request.array();
      int length = request.size();
      if (gzip) {
        compressed.reset();
        GZIPOutputStream zip = new GZIPOutputStream(compressed);
        zip.write(body, 0, length);
        zip.close();
        body = compressed.array();
        length = compressed.size();
      }
      long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
      long backoff = retry.initialBackoffMillis;
      for (int attempt = 1; ; attempt++) {
        String failure;
        IOException cause = null;
        long waitMillis;
        try {
          Outcome outcome = post(body, length, attemptTimeoutMillis(deadline));
          if (outcome.succeeded()) {
            reportPartialSuccess(outcome);
            pending.result.succeed();
            return;
          }
          failure = "HTTP " + outcome.status + " from " + shownUrl + describe(outcome.message);
          if (!retryable(outcome.status)) {
            pending.result.failExceptionally(new IOException(failure + attempts(attempt)));
            return;
          }
          waitMillis = outcome.retryAfterSeconds >= 0 ? outcome.retryAfterSeconds * 1000L : jitter(backoff);
        } catch (IOException e) {
          failure = e.getClass().getSimpleName() + ": " + e.getMessage();
          cause = e;
          waitMillis = jitter(backoff);
        }
        if (attempt >= retry.maxAttempts || shutdown) {
          pending.result.failExceptionally(new IOException(failure + attempts(attempt), cause));
          return;
        }
        if (waitMillis >= millisUntil(deadline)) {
          pending.result.failExceptionally(new IOException(failure + attempts(attempt)
              + "; no retry: the next attempt would fall after the export timeout of " + timeoutMillis + " ms", cause));
          return;
        }
        backoff = Math.min((long) (backoff * retry.multiplier), retry.maxBackoffMillis);
        try {
          Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
          pending.result.failExceptionally(new IOException("exporter shut down while retrying after " + failure));
          return;
        }
      }
    }

    private Outcome post(byte[] body, int length, int attemptTimeoutMillis) throws IOException {
      HttpURLConnection connection = (HttpURLConnection) url.openConnection();
      boolean answered = false;
      try {
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout(attemptTimeoutMillis);
        connection.setReadTimeout(attemptTimeoutMillis);
        connection.setFixedLengthStreamingMode(length);
        for (Map.Entry<String, String> header : headers.entrySet()) {
          connection.setRequestProperty(header.getKey(), header.getValue());
        }
        connection.setRequestProperty("Content-Type", "application/x-protobuf");
        connection.setRequestProperty("User-Agent", userAgent);
        if (gzip) {
          connection.setRequestProperty("Content-Encoding", "gzip");
        }
        OutputStream out = connection.getOutputStream();
        out.write(body, 0, length);
        out.close();
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        int read = readFully(in);
        answered = true;
        Outcome outcome = new Outcome(status, retryAfterSeconds(connection.getHeaderField("Retry-After")));
        if (outcome.succeeded()) {
          outcome.partialSuccess = OtlpResponseBody.partialSuccess(response, read);
        } else {
          outcome.message = OtlpResponseBody.failureMessage(response, read);
        }
        return outcome;
      } finally {
        if (!answered) {
          // Only a connection whose exchange completed may go back to the keep-alive cache.
          connection.disconnect();
        }
      }
    }

    /** Reads the body into {@link #response} (up to its size) and drains the rest, so the connection can be reused. */
    private int readFully(InputStream in) throws IOException {
      if (in == null) {
        return 0;
      }
      try {
        int total = 0;
        int n;
        while (total < response.length && (n = in.read(response, total, response.length - total)) > 0) {
          total += n;
        }
        while (in.read(discard) > 0) {
          // discard what does not fit
        }
        return total;
      } finally {
        in.close();
      }
    }
  }

  private void reportPartialSuccess(Outcome outcome) {
    OtlpResponseBody.PartialSuccess partial = outcome.partialSuccess;
    if (partial != null) {
      LOG.once(
          AgentLog.Level.WARN,
          "partial-success",
          "otlp_partial_success",
          null,
          "rejected_spans",
          partial.rejectedSpans,
          "message",
          partial.message,
          "consequence",
          "the collector accepted the request but dropped the rejected spans");
    }
  }

  private static final class Outcome {
    final int status;
    final int retryAfterSeconds;
    OtlpResponseBody.PartialSuccess partialSuccess;
    String message = "";

    Outcome(int status, int retryAfterSeconds) {
      this.status = status;
      this.retryAfterSeconds = retryAfterSeconds;
    }

    boolean succeeded() {
      return status >= 200 && status < 300;
    }
  }

  /** The retryable statuses of the OTLP specification (and the SDK's retry policy). */
  static boolean retryable(int status) {
    return status == 429 || status == 502 || status == 503 || status == 504;
  }

  /** Seconds of a {@code Retry-After} header; -1 if absent or an HTTP date (then the backoff applies). */
  static int retryAfterSeconds(String header) {
    if (header == null) {
      return -1;
    }
    try {
      int seconds = Integer.parseInt(header.trim());
      return seconds >= 0 ? seconds : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long millisUntil(long deadlineNanos) {
    return deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : (deadlineNanos - System.nanoTime()) / 1_000_000L;
  }

  /** What is left of the export's time for the next attempt's connect and read; 0 (no limit) without a timeout. */
  private static int attemptTimeoutMillis(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millisUntil(deadlineNanos)));
  }

  private static long jitter(long backoffMillis) {
    // Full jitter, as the SDK's policy: anywhere up to the current backoff, so clients that failed together spread out.
    return ThreadLocalRandom.current().nextLong(Math.max(1, backoffMillis));
  }

  private static String describe(String message) {
    return message.isEmpty() ? "" : ": " + message;
  }

  private static String attempts(int attempt) {
    return attempt == 1 ? "" : " (after " + attempt + " attempts)";
  }

  /** A byte stream whose buffer is read in place, kept by its sender from batch to batch. */
  private static final class ExposedBytes extends ByteArrayOutputStream {
    ExposedBytes() {
      super(16 * 1024);
    }

    byte[] array() {
      return buf;
    }
  }
}
