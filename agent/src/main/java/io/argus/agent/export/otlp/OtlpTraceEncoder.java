package io.argus.agent.export.otlp;

import io.argus.agent.export.ArgusSpanData;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Encodes a batch of {@link SpanData} as an OTLP {@code ExportTraceServiceRequest} (opentelemetry-proto
 * {@code collector/trace/v1}), in one pass into a reused {@link ProtobufWriter}: spans grouped by resource, then by
 * instrumentation scope, in the order they first appear. Proto3 defaults (empty strings, zero counts) are left out, as
 * the reference marshalers leave them out; the span's {@code flags} carry the trace flags and whether the parent (or a
 * link's context) is remote.
 *
 * <p>One encoder per sending thread: it keeps its buffers from batch to batch, so a steady export allocates nothing
 * here but the text of a non-empty trace state.
 */
final class OtlpTraceEncoder implements BiConsumer<AttributeKey<?>, Object> {
  // Field numbers of opentelemetry-proto's trace and common messages.
  private static final int REQUEST_RESOURCE_SPANS = 1;
  private static final int RESOURCE_SPANS_RESOURCE = 1;
  private static final int RESOURCE_SPANS_SCOPE_SPANS = 2;
  private static final int RESOURCE_SPANS_SCHEMA_URL = 3;
  private static final int RESOURCE_ATTRIBUTES = 1;
  private static final int SCOPE_SPANS_SCOPE = 1;
  private static final int SCOPE_SPANS_SPANS = 2;
  private static final int SCOPE_SPANS_SCHEMA_URL = 3;
  private static final int SCOPE_NAME = 1;
  private static final int SCOPE_VERSION = 2;
  private static final int SCOPE_ATTRIBUTES = 3;
  private static final int SPAN_TRACE_ID = 1;
  private static final int SPAN_SPAN_ID = 2;
  private static final int SPAN_TRACE_STATE = 3;
  private static final int SPAN_PARENT_SPAN_ID = 4;
  private static final int SPAN_NAME = 5;
  private static final int SPAN_KIND = 6;
  private static final int SPAN_START_TIME = 7;
  private static final int SPAN_END_TIME = 8;
  private static final int SPAN_ATTRIBUTES = 9;
  private static final int SPAN_DROPPED_ATTRIBUTES = 10;
  private static final int SPAN_EVENTS = 11;
  private static final int SPAN_DROPPED_EVENTS = 12;
  private static final int SPAN_LINKS = 13;
  private static final int SPAN_DROPPED_LINKS = 14;
  private static final int SPAN_STATUS = 15;
  private static final int SPAN_FLAGS = 16;
  private static final int EVENT_TIME = 1;
  private static final int EVENT_NAME = 2;
  private static final int EVENT_ATTRIBUTES = 3;
  private static final int EVENT_DROPPED_ATTRIBUTES = 4;
  private static final int LINK_TRACE_ID = 1;
  private static final int LINK_SPAN_ID = 2;
  private static final int LINK_TRACE_STATE = 3;
  private static final int LINK_ATTRIBUTES = 4;
  private static final int LINK_DROPPED_ATTRIBUTES = 5;
  private static final int LINK_FLAGS = 6;
  private static final int STATUS_MESSAGE = 2;
  private static final int STATUS_CODE = 3;
  private static final int KEY_VALUE_KEY = 1;
  private static final int KEY_VALUE_VALUE = 2;
  private static final int ANY_STRING = 1;
  private static final int ANY_BOOL = 2;
  private static final int ANY_INT = 3;
  private static final int ANY_DOUBLE = 4;
  private static final int ANY_ARRAY = 5;
  private static final int ARRAY_VALUES = 1;
  /** SpanFlags: bit 8 says whether bit 9 (the context is remote) is known. */
  private static final int FLAGS_HAS_IS_REMOTE = 0x100;
  private static final int FLAGS_IS_REMOTE = 0x200;

  private final ProtobufWriter out = new ProtobufWriter(64 * 1024);
  private SpanData[] spans = new SpanData[0];
  private int[] groupOf = new int[0];
  private final List<Resource> groupResources = new ArrayList<Resource>();
  private final List<InstrumentationScopeInfo> groupScopes = new ArrayList<InstrumentationScopeInfo>();
  private boolean[] groupWritten = new boolean[0];
  private int[] attributeOrder = new int[16];
  /** Field number under which {@link #accept} writes the attributes being visited. */
  private int attributeField;

  /** Encodes the batch; the request is the returned writer's bytes, valid until the next call. */
  ProtobufWriter encode(Collection<SpanData> batch) {
    out.reset();
    int count = group(batch);
    for (int group = 0; group < groupResources.size(); group++) {
      if (!groupWritten[group]) {
        writeResourceSpans(group, count);
      }
    }
    Arrays.fill(spans, 0, count, null);
    return out;
  }

  /** Fills {@link #spans} and {@link #groupOf}: one group per distinct resource and scope pair. */
  private int group(Collection<SpanData> batch) {
    int count = batch.size();
    if (spans.length < count) {
      spans = new SpanData[count];
      groupOf = new int[count];
    }
    groupResources.clear();
    groupScopes.clear();
    int i = 0;
    for (SpanData span : batch) {
      spans[i] = span;
      groupOf[i] = groupIndex(span.getResource(), span.getInstrumentationScopeInfo());
      i++;
    }
    if (groupWritten.length < groupResources.size()) {
      groupWritten = new boolean[groupResources.size() * 2];
    }
    Arrays.fill(groupWritten, false);
    return count;
  }

  private int groupIndex(Resource resource, InstrumentationScopeInfo scope) {
    // Identity first: the agent's spans share one resource and a handful of scopes.
    for (int group = 0; group < groupResources.size(); group++) {
      if (groupResources.get(group) == resource && groupScopes.get(group) == scope) {
        return group;
      }
    }
    for (int group = 0; group < groupResources.size(); group++) {
      if (groupResources.get(group).equals(resource) && groupScopes.get(group).equals(scope)) {
        return group;
      }
    }
    groupResources.add(resource);
    groupScopes.add(scope);
    return groupResources.size() - 1;
  }

  /** One ResourceSpans with every not yet written group of the same resource. */
  private void writeResourceSpans(int first, int count) {
    Resource resource = groupResources.get(first);
    int resourceSpans = out.beginMessage(REQUEST_RESOURCE_SPANS);
    int resourceMessage = out.beginMessage(RESOURCE_SPANS_RESOURCE);
    writeAttributes(RESOURCE_ATTRIBUTES, resource.getAttributes());
    out.endMessage(resourceMessage);
    for (int group = first; group < groupResources.size(); group++) {
      if (!groupWritten[group] && sameResource(groupResources.get(group), resource)) {
        writeScopeSpans(group, count);
        groupWritten[group] = true;
      }
    }
    writeStringIfPresent(RESOURCE_SPANS_SCHEMA_URL, resource.getSchemaUrl());
    out.endMessage(resourceSpans);
  }

  private static boolean sameResource(Resource a, Resource b) {
    return a == b || a.equals(b);
  }

  private void writeScopeSpans(int group, int count) {
    InstrumentationScopeInfo scope = groupScopes.get(group);
    int scopeSpans = out.beginMessage(RESOURCE_SPANS_SCOPE_SPANS);
    int scopeMessage = out.beginMessage(SCOPE_SPANS_SCOPE);
    writeStringIfPresent(SCOPE_NAME, scope.getName());
    writeStringIfPresent(SCOPE_VERSION, scope.getVersion());
    writeAttributes(SCOPE_ATTRIBUTES, scope.getAttributes());
    out.endMessage(scopeMessage);
    for (int i = 0; i < count; i++) {
      if (groupOf[i] == group) {
        writeSpan(spans[i]);
      }
    }
    writeStringIfPresent(SCOPE_SPANS_SCHEMA_URL, scope.getSchemaUrl());
    out.endMessage(scopeSpans);
  }

  private void writeSpan(SpanData span) {
    if (span instanceof ArgusSpanData) {
      writeArgusSpan((ArgusSpanData) span);
      return;
    }
    int message = out.beginMessage(SCOPE_SPANS_SPANS);
    SpanContext context = span.getSpanContext();
    out.hexBytesField(SPAN_TRACE_ID, context.getTraceId());
    out.hexBytesField(SPAN_SPAN_ID, context.getSpanId());
    writeTraceState(SPAN_TRACE_STATE, context.getTraceState());
    SpanContext parent = span.getParentSpanContext();
    if (parent.isValid()) {
      out.hexBytesField(SPAN_PARENT_SPAN_ID, parent.getSpanId());
    }
    writeStringIfPresent(SPAN_NAME, span.getName());
    // SpanKind's constants are in the proto's order, which starts at 1 (0 is "unspecified").
    out.varintField(SPAN_KIND, span.getKind().ordinal() + 1);
    out.fixed64Field(SPAN_START_TIME, span.getStartEpochNanos());
    out.fixed64Field(SPAN_END_TIME, span.getEndEpochNanos());
    Attributes attributes = span.getAttributes();
    writeAttributes(SPAN_ATTRIBUTES, attributes);
    writeCountIfPositive(SPAN_DROPPED_ATTRIBUTES, span.getTotalAttributeCount() - attributes.size());
    writeEvents(span);
    List<LinkData> links = span.getLinks();
    for (int i = 0; i < links.size(); i++) {
      writeLink(links.get(i));
    }
    writeCountIfPositive(SPAN_DROPPED_LINKS, span.getTotalRecordedLinks() - links.size());
    writeStatus(span.getStatus());
    out.fixed32Field(SPAN_FLAGS, flags(context, parent.isRemote()));
    out.endMessage(message);
  }

  /**
   * One of the agent's own spans, from its raw data: ids as numbers and the span's attribute arrays, without the hex
   * text, {@code SpanContext} and {@code Attributes} its SpanData view would make for them. The same bytes as the
   * general path (attributes sorted by key, as {@code Attributes} sorts them); the agent's spans have no links.
   */
  private void writeArgusSpan(ArgusSpanData span) {
    int message = out.beginMessage(SCOPE_SPANS_SPANS);
    io.argus.bootstrap.SpanContext ids = span.ids();
    out.idField(SPAN_TRACE_ID, ids.traceIdHigh(), ids.traceIdLow());
    out.idField(SPAN_SPAN_ID, ids.spanId());
    if (!ids.traceState().isEmpty()) {
      out.stringField(SPAN_TRACE_STATE, ids.traceState().toHeader());
    }
    if (span.parentSpanId() != 0) {
      out.idField(SPAN_PARENT_SPAN_ID, span.parentSpanId());
    }
    writeStringIfPresent(SPAN_NAME, span.getName());
    out.varintField(SPAN_KIND, span.getKind().ordinal() + 1);
    out.fixed64Field(SPAN_START_TIME, span.getStartEpochNanos());
    out.fixed64Field(SPAN_END_TIME, span.getEndEpochNanos());
    int count = span.attributeCount();
    int[] order = attributesByKey(span, count);
    for (int i = 0; i < count; i++) {
      int keyValue = out.beginMessage(SPAN_ATTRIBUTES);
      out.stringField(KEY_VALUE_KEY, span.attributeKey(order[i]));
      int anyValue = out.beginMessage(KEY_VALUE_VALUE);
      writeScalar(span.attributeValue(order[i]));
      out.endMessage(anyValue);
      out.endMessage(keyValue);
    }
    writeCountIfPositive(SPAN_DROPPED_ATTRIBUTES, span.droppedAttributes());
    writeEvents(span);
    writeStatus(span.getStatus());
    out.fixed32Field(
        SPAN_FLAGS,
        (ids.traceFlags() & 0xFF) | FLAGS_HAS_IS_REMOTE | (span.isParentRemote() ? FLAGS_IS_REMOTE : 0));
    out.endMessage(message);
  }

  /** The span's attribute indexes in key order, in a reused array (insertion sort: about ten, mostly in order). */
  private int[] attributesByKey(ArgusSpanData span, int count) {
    if (attributeOrder.length < count) {
      attributeOrder = new int[Math.max(count, 2 * attributeOrder.length)];
    }
    int[] order = attributeOrder;
    for (int i = 0; i < count; i++) {
      String key = span.attributeKey(i);
      int at = i;
      while (at > 0 && span.attributeKey(order[at - 1]).compareTo(key) > 0) {
        order[at] = order[at - 1];
        at--;
      }
      order[at] = i;
    }
    return order;
  }

  /** The span's events and how many it dropped. */
  private void writeEvents(SpanData span) {
    List<EventData> events = span.getEvents();
    for (int i = 0; i < events.size(); i++) {
      writeEvent(events.get(i));
    }
    writeCountIfPositive(SPAN_DROPPED_EVENTS, span.getTotalRecordedEvents() - events.size());
  }

  private void writeEvent(EventData event) {
    int message = out.beginMessage(SPAN_EVENTS);
    out.fixed64Field(EVENT_TIME, event.getEpochNanos());
    writeStringIfPresent(EVENT_NAME, event.getName());
    Attributes attributes = event.getAttributes();
    writeAttributes(EVENT_ATTRIBUTES, attributes);
    writeCountIfPositive(EVENT_DROPPED_ATTRIBUTES, event.getTotalAttributeCount() - attributes.size());
    out.endMessage(message);
  }

  private void writeLink(LinkData link) {
    int message = out.beginMessage(SPAN_LINKS);
    SpanContext context = link.getSpanContext();
    out.hexBytesField(LINK_TRACE_ID, context.getTraceId());
    out.hexBytesField(LINK_SPAN_ID, context.getSpanId());
    writeTraceState(LINK_TRACE_STATE, context.getTraceState());
    Attributes attributes = link.getAttributes();
    writeAttributes(LINK_ATTRIBUTES, attributes);
    writeCountIfPositive(LINK_DROPPED_ATTRIBUTES, link.getTotalAttributeCount() - attributes.size());
    out.fixed32Field(LINK_FLAGS, flags(context, context.isRemote()));
    out.endMessage(message);
  }

  private void writeStatus(StatusData status) {
    int message = out.beginMessage(SPAN_STATUS);
    writeStringIfPresent(STATUS_MESSAGE, status.getDescription());
    // StatusCode's constants are UNSET, OK, ERROR: the proto's 0, 1, 2.
    int code = status.getStatusCode().ordinal();
    if (code != 0) {
      out.varintField(STATUS_CODE, code);
    }
    out.endMessage(message);
  }

  private static int flags(SpanContext context, boolean remote) {
    return (context.getTraceFlags().asByte() & 0xFF) | FLAGS_HAS_IS_REMOTE | (remote ? FLAGS_IS_REMOTE : 0);
  }

  private void writeTraceState(int field, TraceState state) {
    if (state.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : state.asMap().entrySet()) {
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(entry.getKey()).append('=').append(entry.getValue());
    }
    out.stringField(field, text.toString());
  }

  private void writeAttributes(int field, Attributes attributes) {
    if (attributes.isEmpty()) {
      return;
    }
    attributeField = field;
    attributes.forEach(this);
  }

  /** Writes one attribute as a KeyValue under {@link #attributeField}. */
  @Override
  public void accept(AttributeKey<?> key, Object value) {
    int keyValue = out.beginMessage(attributeField);
    out.stringField(KEY_VALUE_KEY, key.getKey());
    int anyValue = out.beginMessage(KEY_VALUE_VALUE);
    switch (key.getType()) {
      case STRING:
      case BOOLEAN:
      case LONG:
      case DOUBLE:
        writeScalar(value);
        break;
      case STRING_ARRAY:
      case BOOLEAN_ARRAY:
      case LONG_ARRAY:
      case DOUBLE_ARRAY:
        int array = out.beginMessage(ANY_ARRAY);
        for (Object element : (List<?>) value) {
          int elementValue = out.beginMessage(ARRAY_VALUES);
          writeScalar(element);
          out.endMessage(elementValue);
        }
        out.endMessage(array);
        break;
      default:
        out.stringField(ANY_STRING, String.valueOf(value));
    }
    out.endMessage(anyValue);
    out.endMessage(keyValue);
  }

  /** The oneof member of AnyValue for a scalar; always written, even at its default (a oneof has presence). */
  private void writeScalar(Object value) {
    if (value instanceof String) {
      out.stringField(ANY_STRING, (String) value);
    } else if (value instanceof Boolean) {
      out.boolField(ANY_BOOL, (Boolean) value);
    } else if (value instanceof Long) {
      out.varintField(ANY_INT, (Long) value);
    } else if (value instanceof Double) {
      out.doubleField(ANY_DOUBLE, (Double) value);
    } else {
      out.stringField(ANY_STRING, String.valueOf(value));
    }
  }

  private void writeStringIfPresent(int field, String value) {
    if (value != null && !value.isEmpty()) {
      out.stringField(field, value);
    }
  }

  private void writeCountIfPositive(int field, int count) {
    if (count > 0) {
      out.varintField(field, count);
    }
  }
}
