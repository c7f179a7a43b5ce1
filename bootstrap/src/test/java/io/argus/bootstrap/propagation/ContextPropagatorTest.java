package io.argus.bootstrap.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanSink;
import io.argus.bootstrap.sampling.ConstantSampler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContextPropagatorTest {
  private static final ContextPropagator.HeaderGetter<Map<String, String>> GET = Map::get;
  private static final ContextPropagator.HeaderSetter<Map<String, String>> SET = Map::put;

  @BeforeEach
  void install() {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
    ContextPropagator.configure(true, true);
  }

  @AfterEach
  void reset() {
    ArgusTracer.uninstall();
    ContextPropagator.configure(true, true);
  }

  @Test
  void injectThenExtractRoundTripsIdsTraceStateAndBaggage() {
    Map<String, String> incoming = new LinkedHashMap<>();
    incoming.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    incoming.put("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    incoming.put("baggage", "userId=alice,tenant=acme%20corp");
    ArgusContext remote = ContextPropagator.extract(incoming, GET);
    ArgusSpan server = ArgusTracer.startSpan("server", SpanKind.SERVER, remote);

    Map<String, String> outgoing = new LinkedHashMap<>();
    ContextPropagator.inject(remote.with(server), outgoing, SET);

    assertThat(outgoing.get("traceparent"))
        .startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
        .endsWith("-01")
        .doesNotContain("00f067aa0ba902b7");
    assertThat(outgoing.get("tracestate")).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertThat(BaggageCodec.parse(outgoing.get("baggage")).get("tenant")).isEqualTo("acme corp");
  }

  @Test
  void aMalformedTraceparentStartsANewTrace() {
    Map<String, String> incoming = new LinkedHashMap<>();
    incoming.put("traceparent", "00-not-a-valid-header");

    assertThat(ContextPropagator.extract(incoming, GET)).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void aThrowingCarrierNeverFailsTheRequest() {
    ContextPropagator.HeaderGetter<Object> broken =
        (carrier, name) -> {
          throw new IllegalStateException("broken carrier");
        };

    assertThat(ContextPropagator.extract(new Object(), broken)).isSameAs(ArgusContext.ROOT);
  }

  @Test
  void disabledPropagatorsNeitherReadNorWrite() {
    ContextPropagator.configure(false, false);
    Map<String, String> incoming = new LinkedHashMap<>();
    incoming.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    incoming.put("baggage", "a=b");

    assertThat(ContextPropagator.extract(incoming, GET)).isSameAs(ArgusContext.ROOT);
    Map<String, String> outgoing = new LinkedHashMap<>();
    ContextPropagator.inject(ArgusContext.ROOT.with(ArgusTracer.startSpan("x", SpanKind.CLIENT)), outgoing, SET);
    assertThat(outgoing).isEmpty();
  }

  @Test
  void nothingIsInjectedAtTheRoot() {
    Map<String, String> outgoing = new LinkedHashMap<>();
    ContextPropagator.inject(ArgusContext.ROOT, outgoing, SET);

    assertThat(outgoing).isEmpty();
  }

  @Test
  void adviceCanExtractFromHeaderValuesAndGetHeadersToInjectAsPairs() {
    ArgusContext remote =
        ContextPropagator.extract("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "a=1", "k=v");
    ArgusSpan client = ArgusTracer.startSpan("GET", SpanKind.CLIENT, remote);

    String[] headers = ContextPropagator.headersFor(remote.with(client));

    assertThat(headers).hasSize(6);
    assertThat(headers[0]).isEqualTo("traceparent");
    assertThat(headers[1]).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-");
    assertThat(headers).containsSequence("tracestate", "a=1").containsSequence("baggage", "k=v");
    assertThat(ContextPropagator.headersFor(ArgusContext.ROOT)).isEmpty();
  }
}
