package io.argus.agent.export;

import io.argus.agent.config.OtlpSettings;
import io.argus.agent.export.otlp.OtlpHttpExporter;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporterBuilder;
import io.opentelemetry.exporter.sender.okhttp.internal.OkHttpGrpcSenderProvider;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the OTLP span exporter for the agent's settings.
 *
 * <p>{@code http/protobuf} (the default) is Argus's own {@link OtlpHttpExporter}: far fewer classes loaded into the
 * application's JVM, and no per-batch marshaler objects. {@code grpc} is {@code opentelemetry-exporter-otlp}'s exporter
 * over the bundled, relocated OkHttp, whose classes then load only for gRPC users. Not the JDK's HttpClient for gRPC: it
 * cannot speak the cleartext HTTP/2 with prior knowledge that gRPC servers expect, and, being a JDK class, it is
 * instrumented in the application. Both retry with the SDK's standard policy (retryable status codes 429/502/503/504
 * and connection failures, bounded attempts, exponential backoff).
 */
public final class OtlpSpanExporterFactory {
  private OtlpSpanExporterFactory() {}

  /**
   * @param maxInFlightBatches how many batches the export channel lets be outstanding: the http/protobuf exporter
   *     sends that many at once
   */
  public static SpanExporter create(OtlpSettings settings, String agentVersion, int maxInFlightBatches) {
    if (OtlpSettings.GRPC.equals(settings.protocol())) {
      OtlpGrpcSpanExporterBuilder builder =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint(settings.endpoint())
              .setTimeout(Duration.ofMillis(settings.timeoutMillis()))
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
    return new OtlpHttpExporter(settings, agentVersion, maxInFlightBatches);
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
