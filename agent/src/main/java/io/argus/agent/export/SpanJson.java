package io.argus.agent.export;

import io.argus.agent.json.JsonWriter;
import io.argus.agent.log.IsoTimestamp;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A finished span as one JSON object, the shape shared by the JSON-lines output and the trace viewer's API: timestamp
 * (end time, ISO-8601 UTC), trace_id, span_id, parent_span_id, name, kind, status (and status_message),
 * start_time_unix_nano, end_time_unix_nano, duration_ms, attributes, events, resource.
 */
public final class SpanJson {
  private SpanJson() {}

  public static void write(JsonWriter json, SpanData span) {
    json.beginObject();
    json.field("timestamp", IsoTimestamp.format(span.getEndEpochNanos() / 1_000_000L));
    json.field("trace_id", span.getTraceId());
    json.field("span_id", span.getSpanId());
    json.field("parent_span_id", span.getParentSpanContext().isValid() ? span.getParentSpanId() : null);
    json.field("name", span.getName());
    json.field("kind", span.getKind().name());
    json.field("status", span.getStatus().getStatusCode().name());
    if (!span.getStatus().getDescription().isEmpty()) {
      json.field("status_message", span.getStatus().getDescription());
    }
    json.field("start_time_unix_nano", span.getStartEpochNanos());
    json.field("end_time_unix_nano", span.getEndEpochNanos());
    json.name("duration_ms").value((span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6);
    json.name("attributes");
    attributes(json, span.getAttributes());
    json.name("events").beginArray();
    for (EventData event : span.getEvents()) {
      json.beginObject();
      json.field("name", event.getName());
      json.field("time_unix_nano", event.getEpochNanos());
      json.name("attributes");
      attributes(json, event.getAttributes());
      json.endObject();
    }
    json.endArray();
    json.name("resource");
    attributes(json, span.getResource().getAttributes());
    json.endObject();
  }

  private static void attributes(JsonWriter json, Attributes attributes) {
    json.beginObject();
    attributes.forEach((key, value) -> json.field(key.getKey(), value));
    json.endObject();
  }
}
