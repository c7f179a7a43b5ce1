package io.argus.agent.export;

import io.argus.agent.config.OtlpSettings;
import io.argus.bootstrap.AgentThread;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.sender.jdk.internal.JdkHttpSenderProvider;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the OTLP span exporter of {@code opentelemetry-exporter-otlp} from the agent's settings.
 *
 * <p>The transport is chosen here rather than by {@code ServiceLoader}: http/protobuf goes through the JDK's
 * HttpClient (Java 11+; OkHttp on Java 8), gRPC through OkHttp, because the JDK client cannot speak cleartext
 * HTTP/2 with prior knowledge, which gRPC servers expect. Retries with exponential backoff are the SDK's standard
 * policy (retryable status codes 429/502/503/504 and connection failures, bounded attempts).
 */
public final class OtlpSpanExporterFactory {
  private OtlpSpanExporterFactory() {}

  public static SpanExporter create(OtlpSettings settings) {
    Duration timeout = Duration.ofMillis(settings.timeoutMillis());
    if ("grpc".equals(settings.protocol())) {
      OtlpGrpcSpanExporterBuilder builder =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(settings.endpoint())
              .setTimeout(timeout)
              .setRetryPolicy(RetryPolicy.getDefault())
              .setComponentLoader(new FixedComponentLoader(new OkHttpGrpcSenderProvider()));
      for (Map.Entry<String, String> header : settings.headers().entrySet()) {
        builder.addHeader(header.getKey(), header.getValue());
      }
      if ("gzip".equals(settings.compression())) {
        builder.setCompression("gzip");
      }
      return builder.build();
    }
    OtlpHttpSpanExporterBuilder builder =
        OtlpHttpSpanExporter.builder()
            // Sends happen on agent threads, which the HTTP client instrumentations recognise and leave untraced.
            .setExecutorService(senderExecutor())
            .setEndpoint(settings.endpoint())
            .setTimeout(timeout)
            .setRetryPolicy(RetryPolicy.getDefault())
            .setComponentLoader(
                new FixedComponentLoader(
                    hasJdkHttpClient() ? new JdkHttpSenderProvider() : new OkHttpHttpSenderProvider()));
    for (Map.Entry<String, String> header : settings.headers().entrySet()) {
      builder.addHeader(header.getKey(), header.getValue());
    }
    if ("gzip".equals(settings.compression())) {
      builder.setCompression("gzip");
    }
    return builder.build();
  }

  private static ExecutorService senderExecutor() {
    return Executors.newCachedThreadPool(
        new ThreadFactory() {
          private final AtomicInteger count = new AtomicInteger();

          @Override
          public Thread newThread(Runnable task) {
            return new AgentThread(task, "argus-otlp-sender-" + count.incrementAndGet());
          }
        });
  }

  private static boolean hasJdkHttpClient() {
    try {
      Class.forName("java.net.http.HttpClient", false, OtlpSpanExporterFactory.class.getClassLoader());
      return true;
    } catch (Throwable java8) {
      return false;
    }
  }

  /** Offers exactly the given providers to the exporter builder, whatever is on any class path. */
  private static final class FixedComponentLoader implements ComponentLoader {
    private final Object[] components;

    FixedComponentLoader(Object... components) {
      this.components = components;
    }

    @Override
    public <T> Iterable<T> load(Class<T> type) {
      List<T> matching = new ArrayList<T>();
      for (Object component : components) {
        if (type.isInstance(component)) {
          matching.add(type.cast(component));
        }
      }
      return matching;
    }
  }
}
