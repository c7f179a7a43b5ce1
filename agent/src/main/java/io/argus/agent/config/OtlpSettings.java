package io.argus.agent.config;

import java.util.Map;

/** How spans are sent over OTLP, already resolved (traces-specific settings over generic ones over defaults). */
public final class OtlpSettings {

  public static final String HTTP_PROTOBUF = "http/protobuf";
  public static final String GRPC = "grpc";

  private final String endpoint;
  private final String protocol;
  private final Map<String, String> headers;
  private final long timeoutMillis;
  private final String compression;

  public OtlpSettings(String endpoint, String protocol, Map<String, String> headers, long timeoutMillis, String compression) {
    this.endpoint = endpoint;
    this.protocol = protocol;
    this.headers = headers;
    this.timeoutMillis = timeoutMillis;
    this.compression = compression;
  }

  /** The full URL spans are sent to, e.g. {@code http://localhost:4318/v1/traces}. */
  public String endpoint() {
    return endpoint;
  }

  /** {@link #HTTP_PROTOBUF} or {@link #GRPC}. */
  public String protocol() {
    return protocol;
  }

  /** Request headers (often credentials: never log them). Unmodifiable. */
  public Map<String, String> headers() {
    return headers;
  }

  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** {@code gzip} or {@code none}. */
  public String compression() {
    return compression;
  }

  @Override
  public String toString() {
    return "OtlpSettings{endpoint=" + endpoint + ", protocol=" + protocol + ", headers="
        + (headers.isEmpty() ? "{}" : "****") + ", timeoutMillis=" + timeoutMillis + ", compression=" + compression + '}';
  }
}
