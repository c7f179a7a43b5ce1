package io.argus.smoke.harness;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One span as received over OTLP: the {@link Span} proto with the {@link Resource} proto and instrumentation scope
 * name of the batch it came in. The accessors below are conveniences over the protos.
 */
public record ReceivedSpan(Span span, Resource resource, String scopeName) {

  public String name() {
    return span.getName();
  }

  public Span.SpanKind kind() {
    return span.getKind();
  }

  /** Lower-case hex, 32 characters. */
  public String traceId() {
    return hex(span.getTraceId());
  }

  /** Lower-case hex, 16 characters. */
  public String spanId() {
    return hex(span.getSpanId());
  }

  /** Lower-case hex, or "" for a root span. */
  public String parentSpanId() {
    return hex(span.getParentSpanId());
  }

  public boolean isRoot() {
    return span.getParentSpanId().isEmpty();
  }

  public io.opentelemetry.proto.trace.v1.Status.StatusCode statusCode() {
    return span.getStatus().getCode();
  }

  public long durationNanos() {
    return span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
  }

  /** A span attribute as text ({@link #text(AnyValue)}), or null if absent. */
  public String attribute(String key) {
    return attributeValue(key).map(ReceivedSpan::text).orElse(null);
  }

  public Optional<AnyValue> attributeValue(String key) {
    return find(span.getAttributesList(), key);
  }

  /** All span attributes, values as text. */
  public Map<String, String> attributes() {
    return toMap(span.getAttributesList());
  }

  /** A resource attribute as text, or null if absent. */
  public String resourceAttribute(String key) {
    return find(resource.getAttributesList(), key).map(ReceivedSpan::text).orElse(null);
  }

  /** All resource attributes, values as text. */
  public Map<String, String> resourceAttributes() {
    return toMap(resource.getAttributesList());
  }

  /** Names of the span's events, in order. */
  public List<String> eventNames() {
    return span.getEventsList().stream().map(Span.Event::getName).toList();
  }

  @Override
  public String toString() {
    return "ReceivedSpan[" + name() + " " + kind() + " trace=" + traceId() + " span=" + spanId()
        + (isRoot() ? "" : " parent=" + parentSpanId()) + " scope=" + scopeName + " attributes=" + attributes() + "]";
  }

  /** An attribute value as text: strings as is, numbers and booleans in Java's notation, arrays as [a, b]. */
  public static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BYTES_VALUE -> hex(value.getBytesValue());
      case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream()
          .map(ReceivedSpan::text).collect(Collectors.joining(", ", "[", "]"));
      case KVLIST_VALUE -> toMap(value.getKvlistValue().getValuesList()).toString();
      case VALUE_NOT_SET -> "";
      default -> value.toString();
    };
  }

  static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static Optional<AnyValue> find(List<KeyValue> attributes, String key) {
    return attributes.stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue).findFirst();
  }

  private static Map<String, String> toMap(List<KeyValue> attributes) {
    Map<String, String> map = new LinkedHashMap<>();
    attributes.forEach(kv -> map.put(kv.getKey(), text(kv.getValue())));
    return map;
  }
}
