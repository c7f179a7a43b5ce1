package io.argus.agent.export;

import io.argus.agent.config.OtlpSettings;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpHttpSenderProvider;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the OTLP span exporter of {@code opentelemetry-exporter-otlp} from the agent's settings.
 *
 * <p>The transport is chosen here rather than by {@code ServiceLoader}: both protocols go through the bundled,
 * relocated OkHttp. Not the JDK's HttpClient: it cannot speak the cleartext HTTP/2 with prior knowledge that gRPC
 * servers expect, and, being a JDK class, it is instrumented in the application — the agent's own export must not
 * depend on (or be observed by) its instrumentations, and relocated classes never are. Retries with exponential backoff are the SDK's standard
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
            .setEndpoint(settings.endpoint())
            .setTimeout(timeout)
            .setRetryPolicy(RetryPolicy.getDefault())
            .setComponentLoader(new FixedComponentLoader(new OkHttpHttpSenderProvider()));
    for (Map.Entry<String, String> header : settings.headers().entrySet()) {
      builder.addHeader(header.getKey(), header.getValue());
    }
    if ("gzip".equals(settings.compression())) {
      builder.setCompression("gzip");
    }
    return builder.build();
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
