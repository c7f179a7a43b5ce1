package io.argus.agent.export.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.agent.export.SpanDataForTests;
import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanSink;
import io.argus.bootstrap.propagation.ContextPropagator;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The encoder's bytes are compared with those of opentelemetry-exporter-otlp's own marshaler (the reference
 * implementation of the OTLP encoding, bundled for gRPC), for spans that use every field.
 */
class OtlpTraceEncoderTest {
  private static final Resource RESOURCE =
      Resource.create(
          Attributes.builder().put("service.name", "checkout").put("host.cpus", 2L).build(),
          "https://opentelemetry.io/schemas/1.26.0");
  private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("io.argus");
  private static final InstrumentationScopeInfo JDBC_SCOPE =
      InstrumentationScopeInfo.builder("io.argus.jdbc")
          .setVersion("1.2.3")
          .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
          .setAttributes(Attributes.of(AttributeKey.booleanKey("scope.flag"), true))
          .build();

  @Test
  void encodesAsTheReferenceMarshalerDoes() throws IOException {
    SpanData root = SpanDataForTests.root("GET /owners/{id}", 1_234_567, true);
    List<SpanData> batch =
        Arrays.asList(
            root,
            SpanDataForTests.child(root, "SELECT owners"),
            everyField(root, root.getResource(), root.getInstrumentationScopeInfo()),
            SpanDataForTests.root("ünïcødé 𝄞 name", 5, false),
            SpanDataForTests.root("unpaired \uD800 surrogate \uDC00", 5, false));

    assertThat(encoded(batch)).isEqualTo(reference(batch));
  }

  /**
   * The agent's own spans are written from their raw data (ids as numbers, attributes in the order they were set),
   * not through their SpanData view; the bytes must still be the reference's, which reads that view.
   */
  @Test
  void theAgentsOwnSpansAreWrittenFromTheirRawDataAsTheReferenceWritesTheirSpanData() throws IOException {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
    try {
      ArgusContext remoteParent =
          ContextPropagator.extract(
              "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "vendor=opaque,argus=x", null);
      ArgusSpan server = ArgusTracer.startSpan("GET /owners/{id}", SpanKind.SERVER, remoteParent);
      server.setAttribute("url.path", "/owners/7");
      server.setAttribute("http.response.status_code", 500L);
      server.setAttribute("http.request.method", "GET");
      server.setAttribute("ratio", 0.25);
      server.setAttribute("error", true);
      server.setAttribute("empty", "");
      server.setAttribute("url.path", "/owners/8"); // replaced in place, not added
      for (int i = 0; i < 130; i++) {
        server.setAttribute("extra." + (char) ('z' - i % 26) + i, (long) i); // beyond 128: dropped, and counted
      }
      server.recordException(new IllegalStateException("owners table is broken"));
      server.addEvent("retry", new String[] {"attempt"}, new Object[] {2L});
      server.end();
      ArgusSpan client = ArgusTracer.startSpan("SELECT owners", SpanKind.CLIENT, remoteParent.with(server));
      client.setAttributes(new String[] {"db.system.name", "db.namespace"}, new Object[] {"h2", "petclinic"});
      client.end();
      ArgusSpan internal = ArgusTracer.startSpan("ünïcødé 𝄞", SpanKind.INTERNAL, ArgusContext.ROOT);
      internal.end();
      List<SpanData> batch =
          Arrays.asList(
              SpanDataForTests.exported(server),
              SpanDataForTests.exported(client),
              SpanDataForTests.exported(internal));

      assertThat(server.droppedAttributes()).isPositive();
      assertThat(encoded(batch)).isEqualTo(reference(batch));
    } finally {
      ArgusTracer.uninstall();
    }
  }

  @Test
  void resourcesAndScopesWithEveryFieldAreEncodedAsTheReferenceDoes() throws IOException {
    SpanData root = SpanDataForTests.root("GET /", 1000, false);
    Resource other = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "other"));
    // Scopes interleaved within one resource; a second resource after them.
    List<SpanData> batch =
        Arrays.asList(
            everyField(root, RESOURCE, SCOPE),
            everyField(root, RESOURCE, JDBC_SCOPE),
            everyField(root, RESOURCE, SCOPE),
            everyField(root, other, SCOPE));

    byte[] ours = encoded(batch);

    // The reference groups through hash maps, so its group order may differ: compare sizes and each span's bytes.
    assertThat(ours).hasSameSizeAs(reference(batch));
    for (SpanData span : batch) {
      byte[] alone = encoded(Collections.singletonList(span));
      assertThat(alone).isEqualTo(reference(Collections.singletonList(span)));
    }
  }

  @Test
  void anEmptyBatchIsAnEmptyRequest() throws IOException {
    assertThat(encoded(Collections.<SpanData>emptyList())).isEmpty();
  }

  @Test
  void theEncoderIsReusedAcrossBatchesOfDifferentSizes() throws IOException {
    OtlpTraceEncoder encoder = new OtlpTraceEncoder();
    SpanData root = SpanDataForTests.root("GET /", 1000, false);
    List<SpanData> large = new ArrayList<SpanData>();
    for (int i = 0; i < 600; i++) {
      large.add(
          i % 2 == 0
              ? everyField(root, root.getResource(), root.getInstrumentationScopeInfo())
              : SpanDataForTests.child(root, "child " + i));
    }
    List<SpanData> small = Collections.singletonList(root);

    assertThat(encoder.encode(small).toByteArray()).isEqualTo(reference(small));
    assertThat(encoder.encode(large).toByteArray()).isEqualTo(reference(large));
    assertThat(encoder.encode(small).toByteArray()).isEqualTo(reference(small));
  }

  private static byte[] encoded(List<SpanData> batch) {
    return new OtlpTraceEncoder().encode(batch).toByteArray();
  }

  private static byte[] reference(List<SpanData> batch) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TraceRequestMarshaler.create(batch).writeBinaryTo(out);
    return out.toByteArray();
  }

  /** A span with a trace state, a remote parent, links, every attribute type, events and dropped counts. */
  private static SpanData everyField(SpanData base, Resource resource, InstrumentationScopeInfo scope) {
    TraceState state = TraceState.builder().put("vendor", "opaque=1").put("argus", "x").build();
    final SpanContext context =
        SpanContext.create(base.getTraceId(), base.getSpanId(), TraceFlags.getSampled(), state);
    final SpanContext parent =
        SpanContext.createFromRemoteParent(base.getTraceId(), "00f067aa0ba902b7", TraceFlags.getSampled(), state);
    final Attributes attributes =
        Attributes.builder()
            .put("http.request.method", "GET")
            .put("http.response.status_code", 404L)
            .put("negative", -7L)
            .put("ratio", 0.25)
            .put("error", false)
            .put("empty", "")
            .put(AttributeKey.stringArrayKey("tags"), Arrays.asList("a", "b"))
            .put(AttributeKey.longArrayKey("ports"), Arrays.asList(80L, 443L))
            .put(AttributeKey.doubleArrayKey("weights"), Arrays.asList(1.5, -2.0))
            .put(AttributeKey.booleanArrayKey("bits"), Arrays.asList(true, false))
            .build();
    final List<EventData> events =
        Arrays.asList(
            EventData.create(base.getStartEpochNanos() + 10, "exception",
                Attributes.of(AttributeKey.stringKey("exception.type"), "java.io.IOException"), 3),
            EventData.create(base.getStartEpochNanos() + 20, "retry", Attributes.empty()));
    final List<LinkData> links =
        Arrays.asList(
            LinkData.create(parent, Attributes.of(AttributeKey.longKey("link.index"), 1L), 2),
            LinkData.create(SpanContext.create(
                "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getDefault(),
                TraceState.getDefault())));
    final Resource spanResource = resource;
    final InstrumentationScopeInfo spanScope = scope;
    return new DelegatingSpanData(base) {
      @Override
      public SpanContext getSpanContext() {
        return context;
      }

      @Override
      public SpanContext getParentSpanContext() {
        return parent;
      }

      @Override
      public Resource getResource() {
        return spanResource;
      }

      @Override
      public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return spanScope;
      }

      @Override
      public io.opentelemetry.api.trace.SpanKind getKind() {
        return io.opentelemetry.api.trace.SpanKind.CONSUMER;
      }

      @Override
      public Attributes getAttributes() {
        return attributes;
      }

      @Override
      public int getTotalAttributeCount() {
        return attributes.size() + 4;
      }

      @Override
      public List<EventData> getEvents() {
        return events;
      }

      @Override
      public int getTotalRecordedEvents() {
        return events.size() + 1;
      }

      @Override
      public List<LinkData> getLinks() {
        return links;
      }

      @Override
      public int getTotalRecordedLinks() {
        return links.size() + 5;
      }

      @Override
      public StatusData getStatus() {
        return StatusData.create(io.opentelemetry.api.trace.StatusCode.ERROR, "boom: ¿qué?");
      }
    };
  }
}
