package io.argus.agent.export;

import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.SpanEvent;
import io.argus.bootstrap.propagation.TraceparentCodec;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An ended {@link ArgusSpan} seen as OpenTelemetry {@link SpanData}, made on the export thread for every exported span.
 * It copies out the span's raw data (ids as numbers, the attribute arrays) and builds OpenTelemetry's objects (hex
 * ids, {@link SpanContext}, {@link Attributes}) only when something asks for them: the OTLP encoder and the trace
 * viewer read the raw data ({@link #ids()}, {@link #attributeKey(int)}...), so a span that is only sent over
 * OTLP never has them made; the console exporter and the gRPC exporter do ask. Exceptions become {@code exception}
 * events here, at once (semantic conventions: {@code exception.type}, {@code exception.message},
 * {@code exception.stacktrace}).
 *
 * <p>The span itself is not kept: it holds the recorded exceptions, whose classes may belong to a web application,
 * and SpanData lives on in the trace viewer's recent traces. Holding the span would keep an undeployed web
 * application's class loader reachable (tested by TomcatWarDeploymentTest). The attribute arrays are the span's own,
 * read-only once it has ended; their values are strings, boxed numbers and booleans.
 *
 * <p>The views made on demand are immutable and may be made by two threads at once (the OTLP sender and the viewer's
 * endpoint): each gets an equal object, and either may be kept.
 */
public final class ArgusSpanData implements SpanData {
  static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("io.argus");

  private final String name;
  private final io.argus.bootstrap.SpanKind kind;
  private final long startEpochNanos;
  private final long endEpochNanos;
  /** The span's own ids: immutable numbers and the agent's trace state, nothing of the application's. */
  private final io.argus.bootstrap.SpanContext ids;
  private final long parentSpanId;
  private final boolean parentRemote;
  private final String[] attributeKeys;
  private final Object[] attributeValues;
  private final int attributeCount;
  private final int droppedAttributes;
  private final int droppedEvents;
  private final Resource resource;
  private final List<EventData> events;
  private final StatusData status;
  private String traceIdHex;
  private SpanContext spanContext;
  private SpanContext parentSpanContext;
  private Attributes attributes;

  ArgusSpanData(ArgusSpan span, Resource resource) {
    this.name = span.name();
    this.kind = span.kind();
    this.startEpochNanos = span.startEpochNanos();
    this.endEpochNanos = span.endEpochNanos();
    this.ids = span.spanContext();
    this.parentSpanId = span.parentSpanId();
    this.parentRemote = span.isParentRemote();
    this.attributeKeys = span.attributeKeys();
    this.attributeValues = span.attributeValues();
    this.attributeCount = span.attributeCount();
    this.droppedAttributes = span.droppedAttributes();
    this.droppedEvents = span.droppedEvents();
    this.resource = resource;
    this.events = events(span);
    switch (span.status()) {
      case ERROR:
        this.status =
            StatusData.create(StatusCode.ERROR, span.statusDescription() == null ? "" : span.statusDescription());
        break;
      case OK:
        this.status = StatusData.ok();
        break;
      default:
        this.status = StatusData.unset();
    }
  }

  // The raw data, for the OTLP encoder and the trace viewer.

  /** The ids as the agent keeps them: numbers, and its own trace state. */
  public io.argus.bootstrap.SpanContext ids() {
    return ids;
  }

  /** 0 for a root span. */
  public long parentSpanId() {
    return parentSpanId;
  }

  public boolean isParentRemote() {
    return parentRemote;
  }

  public int attributeCount() {
    return attributeCount;
  }

  public String attributeKey(int i) {
    return attributeKeys[i];
  }

  /** A String, Long, Double or Boolean. */
  public Object attributeValue(int i) {
    return attributeValues[i];
  }

  public int droppedAttributes() {
    return droppedAttributes;
  }

  // SpanData.

  @Override
  public String getTraceId() {
    String hex = traceIdHex;
    if (hex == null) {
      hex = TraceparentCodec.traceIdHex(ids.traceIdHigh(), ids.traceIdLow());
      traceIdHex = hex;
    }
    return hex;
  }

  @Override
  public SpanContext getSpanContext() {
    SpanContext context = spanContext;
    if (context == null) {
      context =
          new ExportedSpanContext(
              getTraceId(),
              TraceparentCodec.spanIdHex(ids.spanId()),
              TraceFlags.fromByte(ids.traceFlags()),
              traceState(ids.traceState()),
              false);
      spanContext = context;
    }
    return context;
  }

  @Override
  public SpanContext getParentSpanContext() {
    if (parentSpanId == 0) {
      return SpanContext.getInvalid();
    }
    SpanContext context = parentSpanContext;
    if (context == null) {
      context =
          new ExportedSpanContext(
              getTraceId(),
              TraceparentCodec.spanIdHex(parentSpanId),
              TraceFlags.fromByte(ids.traceFlags()),
              TraceState.getDefault(),
              parentRemote);
      parentSpanContext = context;
    }
    return context;
  }

  @Override
  public Attributes getAttributes() {
    Attributes view = attributes;
    if (view == null) {
      view = SpanAttributes.of(attributeKeys, attributeValues, attributeCount);
      attributes = view;
    }
    return view;
  }

  private static TraceState traceState(io.argus.bootstrap.propagation.TraceState state) {
    if (state.isEmpty()) {
      return TraceState.getDefault();
    }
    TraceStateBuilder builder = TraceState.builder();
    List<Map.Entry<String, String>> entries = new ArrayList<Map.Entry<String, String>>(state.asMap().entrySet());
    // The OTel builder puts each new key first, so add them oldest first to keep the W3C order.
    Collections.reverse(entries);
    for (Map.Entry<String, String> entry : entries) {
      builder.put(entry.getKey(), entry.getValue());
    }
    return builder.build();
  }

  private static void put(AttributesBuilder builder, String key, Object value) {
    if (value instanceof String) {
      builder.put(key, (String) value);
    } else if (value instanceof Long) {
      builder.put(key, ((Long) value).longValue());
    } else if (value instanceof Double) {
      builder.put(key, ((Double) value).doubleValue());
    } else if (value instanceof Boolean) {
      builder.put(key, ((Boolean) value).booleanValue());
    } else if (value != null) {
      builder.put(key, String.valueOf(value));
    }
  }

  private static List<EventData> events(ArgusSpan span) {
    List<SpanEvent> recorded = span.events();
    if (recorded.isEmpty()) {
      return Collections.emptyList();
    }
    List<EventData> result = new ArrayList<EventData>(recorded.size());
    for (SpanEvent event : recorded) {
      AttributesBuilder builder = Attributes.builder();
      Throwable exception = event.exception();
      if (exception != null) {
        builder.put("exception.type", exception.getClass().getName());
        if (exception.getMessage() != null) {
          builder.put("exception.message", exception.getMessage());
        }
        builder.put("exception.stacktrace", stackTrace(exception));
      }
      for (int i = 0; i < event.attributeCount(); i++) {
        put(builder, event.attributeKey(i), event.attributeValue(i));
      }
      result.add(EventData.create(event.epochNanos(), event.name(), builder.build()));
    }
    return result;
  }

  static String stackTrace(Throwable exception) {
    StringWriter text = new StringWriter(1024);
    PrintWriter writer = new PrintWriter(text);
    try {
      exception.printStackTrace(writer);
    } catch (RuntimeException e) {
      // A throwable whose toString/getMessage throws: keep what was written.
    }
    writer.flush();
    return text.toString();
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public SpanKind getKind() {
    switch (kind) {
      case SERVER:
        return SpanKind.SERVER;
      case CLIENT:
        return SpanKind.CLIENT;
      case PRODUCER:
        return SpanKind.PRODUCER;
      case CONSUMER:
        return SpanKind.CONSUMER;
      default:
        return SpanKind.INTERNAL;
    }
  }

  @Override
  public StatusData getStatus() {
    return status;
  }

  @Override
  public long getStartEpochNanos() {
    return startEpochNanos;
  }

  @Override
  public List<EventData> getEvents() {
    return events;
  }

  @Override
  public List<LinkData> getLinks() {
    return Collections.emptyList();
  }

  @Override
  public long getEndEpochNanos() {
    return endEpochNanos;
  }

  @Override
  public boolean hasEnded() {
    return true;
  }

  @Override
  public int getTotalRecordedEvents() {
    return events.size() + droppedEvents;
  }

  @Override
  public int getTotalRecordedLinks() {
    return 0;
  }

  @Override
  public int getTotalAttributeCount() {
    return attributeCount + droppedAttributes;
  }

  @Override
  @SuppressWarnings("deprecation")
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return InstrumentationLibraryInfo.create(SCOPE.getName(), SCOPE.getVersion());
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return SCOPE;
  }

  @Override
  public Resource getResource() {
    return resource;
  }
}
