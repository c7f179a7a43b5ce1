package io.argus.agent.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.bootstrap.ArgusContext;
import io.argus.bootstrap.ArgusSpan;
import io.argus.bootstrap.ArgusTracer;
import io.argus.bootstrap.SpanKind;
import io.argus.bootstrap.SpanSink;
import io.argus.bootstrap.sampling.ConstantSampler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpanAttributesTest {
  @AfterEach
  void uninstall() {
    ArgusTracer.uninstall();
  }

  private static ArgusSpan recordedSpan() {
    ArgusTracer.install(ConstantSampler.ALWAYS_ON, SpanSink.DISCARD);
    return ArgusTracer.startSpan("GET /owners/{id}", SpanKind.SERVER, ArgusContext.ROOT);
  }

  @Test
  void theSpansAttributesAreTheSameAsOpenTelemetrysBuilderWouldMakeInTheSameOrder() {
    ArgusSpan span = recordedSpan();
    span.setAttribute("url.path", "/owners/7");
    span.setAttribute("http.response.status_code", 200L);
    span.setAttribute("http.request.method", "GET");
    span.setAttribute("sampled.ratio", 0.25);
    span.setAttribute("error", false);
    span.setAttribute("url.path", "/owners/8"); // replaced, not added

    Attributes attributes = attributesOf(span);
    Attributes expected =
        Attributes.builder()
            .put("url.path", "/owners/8")
            .put("http.response.status_code", 200L)
            .put("http.request.method", "GET")
            .put("sampled.ratio", 0.25)
            .put("error", false)
            .build();

    assertThat(attributes).isEqualTo(expected);
    assertThat(attributes.asMap()).isEqualTo(expected.asMap());
    assertThat(keysInOrder(attributes)).isEqualTo(keysInOrder(expected));
    assertThat(attributes.size()).isEqualTo(5);
    assertThat(attributes.get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(attributes.get(AttributeKey.stringKey("http.response.status_code"))).as("a key of another type").isNull();
    assertThat(attributes.get(AttributeKey.booleanKey("error"))).isFalse();
    assertThat(attributes.toBuilder().build()).isEqualTo(expected);
  }

  @Test
  void aSpanWithoutAttributesHasOpenTelemetrysEmptyAttributes() {
    assertThat(attributesOf(recordedSpan())).isSameAs(Attributes.empty());
  }

  @Test
  void keysAreReusedFromSpanToSpan() {
    ArgusSpan first = recordedSpan();
    first.setAttribute("db.system.name", "h2");
    ArgusSpan second = recordedSpan();
    second.setAttribute("db.system.name", "postgresql");

    List<AttributeKey<?>> firstKeys = keysInOrder(attributesOf(first));
    List<AttributeKey<?>> secondKeys = keysInOrder(attributesOf(second));
    assertThat(secondKeys.get(0)).isSameAs(firstKeys.get(0));
  }

  private static Attributes attributesOf(ArgusSpan span) {
    return SpanAttributes.of(span.attributeKeys(), span.attributeValues(), span.attributeCount());
  }

  private static List<AttributeKey<?>> keysInOrder(Attributes attributes) {
    List<AttributeKey<?>> keys = new ArrayList<>();
    attributes.forEach((key, value) -> keys.add(key));
    return keys;
  }
}
