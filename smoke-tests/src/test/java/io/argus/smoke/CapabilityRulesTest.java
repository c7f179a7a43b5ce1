package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample agent service, with no tracing code, run with the agent and its capabilities declared in a config file:
 * a span per call between the HTTP server span and the JDBC span, exact metrics, errors and asynchronous results,
 * and the application's results unchanged.
 */
class CapabilityRulesTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CONFIG = """
      capabilities:
        rules:
          - com.acme.agents.ResearchAgent[research(query,return),plan,researchAsync]
          - com.acme.agents.Pricing*[buildPricingPack] agent=pricing
          - com.acme.agents.Agent+[execute]
      """;

  @TempDir
  Path dir;

  private CapabilityService start(OtlpHttpReceiver receiver) throws IOException {
    Path config = Files.writeString(dir.resolve("argus.yaml"), CONFIG);
    CapabilityService.Launch launch = CapabilityService.launch();
    launch.builder()
        .agentArgs("config=" + config)
        .env("OTEL_SERVICE_NAME", "agents")
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    return launch.start();
  }

  @Test
  void eachCallIsAnInternalSpanNestedUnderTheHttpServerSpanAndOverTheJdbcSpan() throws IOException {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      CapabilityService app = start(receiver);
      try (AgentJvm ignored = app.jvm()) {
        assertThat(app.get("/price?item=tea").body()).isEqualTo("tea costs 3\n");
        assertThat(app.get("/research?q=tariffs").body()).isEqualTo("findings on tariffs\n");

        ReceivedSpan pricing = awaitSpan(receiver, "pricing.buildPricingPack");
        assertThat(pricing.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(pricing.attribute("agent.name")).isEqualTo("pricing");
        assertThat(pricing.attribute("agent.capability")).isEqualTo("buildPricingPack");
        assertThat(pricing.attribute("code.namespace")).isEqualTo("com.acme.agents.PricingAgent");
        assertThat(pricing.attribute("code.function")).isEqualTo("buildPricingPack");
        assertThat(pricing.resourceAttribute("service.name")).isEqualTo("agents");
        ReceivedSpan server = awaitSpanWithId(receiver, pricing.parentSpanId());
        assertThat(server.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(server.traceId()).isEqualTo(pricing.traceId());

        ReceivedSpan research = awaitSpan(receiver, "ResearchAgent.research");
        assertThat(research.attribute("agent.capability.argument.query")).isEqualTo("tariffs");
        assertThat(research.attribute("agent.capability.return_value")).isEqualTo("findings on tariffs");

        assumeTrue(installed(app).contains("jdbc"), "the JDBC instrumentation is not in this agent build");
        List<ReceivedSpan> queries = receiver.store().awaitSpans(
            span -> span.parentSpanId().equals(pricing.spanId()) && span.kind() == Span.SpanKind.SPAN_KIND_CLIENT,
            1, WAIT);
        assertThat(queries.get(0).name()).contains("SELECT");
      }
    }
  }

  @Test
  void anExceptionIsAnErrorSpanAndCountAndReachesTheApplicationUnchanged() throws IOException {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      CapabilityService app = start(receiver);
      try (AgentJvm ignored = app.jvm()) {
        HttpGet.Response failed = app.get("/plan?goal=");
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.body()).isEqualTo("caught java.lang.IllegalStateException: no plan for an empty goal "
            + "(the same instance the agent threw)\n");
        assertThat(app.get("/plan?goal=launch").body()).isEqualTo("plan for launch\n");

        ReceivedSpan error = receiver.store().awaitSpans(
            span -> span.name().equals("ResearchAgent.plan") && span.statusCode() == Status.StatusCode.STATUS_CODE_ERROR,
            1, WAIT).get(0);
        Span.Event exception = error.span().getEventsList().get(0);
        assertThat(exception.getName()).isEqualTo("exception");
        assertThat(eventAttribute(exception, "exception.type")).isEqualTo("java.lang.IllegalStateException");
        assertThat(eventAttribute(exception, "exception.message")).isEqualTo("no plan for an empty goal");

        PrometheusText metrics = PrometheusText.parse(app.metricsText());
        String[] plan = {"agent_name", "ResearchAgent", "capability", "plan"};
        assertThat(metrics.value("agent_capability_calls_total", with(plan, "status", "error"))).isEqualTo(1);
        assertThat(metrics.value("agent_capability_calls_total", with(plan, "status", "ok"))).isEqualTo(1);
        assertThat(metrics.value("agent_capability_duration_seconds_count", plan)).isEqualTo(2);
      }
    }
  }

  @Test
  void anAsynchronousCapabilityLastsUntilItsFutureCompletesAndAFailedFutureIsAnError() throws IOException {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      CapabilityService app = start(receiver);
      try (AgentJvm ignored = app.jvm()) {
        assertThat(app.get("/async?q=ports&ms=300").body()).isEqualTo("late findings on ports\n");
        assertThat(app.get("/async?q=fail&ms=10").body())
            .isEqualTo("async failure java.lang.IllegalArgumentException: source unavailable\n");

        List<ReceivedSpan> spans = receiver.store().awaitSpans(
            span -> span.name().equals("ResearchAgent.researchAsync"), 2, WAIT);
        ReceivedSpan slow = spans.stream().filter(s -> s.statusCode() != Status.StatusCode.STATUS_CODE_ERROR)
            .findFirst().orElseThrow();
        ReceivedSpan failed = spans.stream().filter(s -> s.statusCode() == Status.StatusCode.STATUS_CODE_ERROR)
            .findFirst().orElseThrow();
        assertThat(slow.durationNanos()).isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(eventAttribute(failed.span().getEvents(0), "exception.type"))
            .isEqualTo("java.lang.IllegalArgumentException");

        PrometheusText metrics = PrometheusText.parse(app.metricsText());
        String[] async = {"agent_name", "ResearchAgent", "capability", "researchAsync"};
        assertThat(metrics.value("agent_capability_calls_total", with(async, "status", "ok"))).isEqualTo(1);
        assertThat(metrics.value("agent_capability_calls_total", with(async, "status", "error"))).isEqualTo(1);
        assertThat(metrics.value("agent_capability_duration_seconds_sum", async)).isGreaterThanOrEqualTo(0.3);
      }
    }
  }

  @Test
  void everyImplementationOfAnInterfaceAndAnAnnotatedMethodAreCapabilities() throws IOException {
    try (OtlpHttpReceiver receiver = OtlpHttpReceiver.listen()) {
      CapabilityService app = start(receiver);
      try (AgentJvm ignored = app.jvm()) {
        assertThat(app.get("/execute?task=trip").body()).isEqualTo("planned trip; ada wrote trip\n");
        assertThat(app.get("/summarise?doc=doc-7").body()).isEqualTo("summary of doc-7\n");

        awaitSpan(receiver, "PlannerAgent.execute");
        awaitSpan(receiver, "WriterAgent.execute");
        ReceivedSpan summarise = awaitSpan(receiver, "Summariser.summarise");
        assertThat(summarise.attribute("document.id")).isEqualTo("doc-7");
        assertThat(summarise.attribute("apiToken")).isNull(); // @SpanAttribute on a secret-looking parameter

        PrometheusText metrics = PrometheusText.parse(app.metricsText());
        assertThat(metrics.value("agent_capability_calls_total",
            "agent_name", "WriterAgent", "capability", "execute", "status", "ok")).isEqualTo(1);
        assertThat(metrics.value("agent_capability_calls_total",
            "agent_name", "Summariser", "capability", "summarise", "status", "ok")).isEqualTo(1);
        assertThat(metrics.type("agent_capability_duration_seconds")).contains("histogram");
      }
    }
  }

  private static ReceivedSpan awaitSpan(OtlpHttpReceiver receiver, String name) {
    return receiver.store().awaitSpans(span -> span.name().equals(name), 1, WAIT).get(0);
  }

  private static ReceivedSpan awaitSpanWithId(OtlpHttpReceiver receiver, String spanId) {
    return receiver.store().awaitSpans(span -> span.spanId().equals(spanId), 1, WAIT).get(0);
  }

  private static String eventAttribute(Span.Event event, String key) {
    return event.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue)
        .map(ReceivedSpan::text).findFirst().orElse(null);
  }

  private static String[] with(String[] labels, String name, String value) {
    String[] result = java.util.Arrays.copyOf(labels, labels.length + 2);
    result[labels.length] = name;
    result[labels.length + 1] = value;
    return result;
  }

  static List<String> installed(CapabilityService app) {
    JsonNode status = Json.parseObject(app.statusJson());
    return StreamSupport.stream(status.at("/instrumentations/installed").spliterator(), false)
        .map(JsonNode::asText).toList();
  }
}
