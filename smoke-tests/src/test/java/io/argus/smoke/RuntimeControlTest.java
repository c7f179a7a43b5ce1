package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.PrometheusText;
import io.argus.smoke.harness.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runtime control of the sample agent service: capability rules and whole instrumentations switched off and on
 * through {@code POST /control/...} while the app runs, with the token from the config file; refused requests change
 * nothing; the token is never printed. One app for the class: each test leaves every switch on, as it found it.
 */
class RuntimeControlTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Retransformation runs on the endpoint's thread; on a busy 2-core machine it can take a second or two. */
  private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(60);
  private static final String TOKEN = "smoke-control-token-8f3a9c1e5b7d";
  private static final String WRONG_TOKEN = "smoke-wrong-token-00000000000";
  private static final String RESEARCH_RULE = "com.acme.agents.ResearchAgent[research(query,return)]";
  private static final String CONFIG = """
      capabilities:
        rules:
          - %s
          - com.acme.agents.Pricing*[buildPricingPack] agent=pricing
      control:
        token: %s
      """.formatted(RESEARCH_RULE, TOKEN);

  @TempDir
  static Path dir;

  private static OtlpHttpReceiver receiver;
  private static CapabilityService app;

  @BeforeAll
  static void startTheServiceWithATokenInItsConfigFile() throws IOException {
    receiver = OtlpHttpReceiver.listen();
    Path config = Files.writeString(dir.resolve("argus.yaml"), CONFIG);
    CapabilityService.Launch launch = CapabilityService.launch();
    launch.builder()
        .agentArgs("config=" + config)
        .env("OTEL_TRACES_EXPORTER", "otlp")
        .env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    app = launch.start();
  }

  @AfterAll
  static void stopTheService() {
    if (app != null) {
      app.jvm().close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aCapabilityRuleSwitchedOffRecordsNoSpanAndNoCountUntilSwitchedOnAgain() {
    research("before");
    awaitResearchSpan("before");
    double calls = researchCalls();

    JsonNode off = control("POST", "/control/capabilities/0/disable", TOKEN, 200);
    assertThat(off.path("rule").asText()).isEqualTo(RESEARCH_RULE);
    assertThat(off.path("enabled").asBoolean(true)).isFalse();
    assertThat(status().at("/instrumentations/status/capabilities/rules/0/enabled").asBoolean(true)).isFalse();

    assertThat(research("while-off")).isEqualTo("findings on while-off\n");
    ReceivedSpan server = awaitServerSpan("q=while-off");
    assertThat(trace(server)).extracting(ReceivedSpan::name).doesNotContain("ResearchAgent.research");
    assertThat(researchCalls()).isEqualTo(calls);

    // Named by its text this time, percent-encoded as one path segment.
    JsonNode on = control("POST", "/control/capabilities/" + segment(RESEARCH_RULE) + "/enable", TOKEN, 200);
    assertThat(on.path("enabled").asBoolean()).isTrue();
    research("after");
    awaitResearchSpan("after");
    assertThat(researchCalls()).isEqualTo(calls + 1);
  }

  @Test
  void jdbcSwitchedOffRecordsNoQuerySpanAndNoQueryMetricUntilSwitchedOnAgain() {
    price("tea");
    awaitQuerySpanUnder(awaitServerSpan("item=tea"));
    double queries = queryCount();

    JsonNode off = control("POST", "/control/instrumentations/jdbc/disable", TOKEN, 200);
    assertThat(off.path("enabled").asBoolean(true)).isFalse();
    assertThat(off.path("retransformed_classes").asInt()).isPositive();
    assertThat(status().at("/instrumentations/switched_off")).extracting(JsonNode::asText).containsExactly("jdbc");

    assertThat(price("coffee")).isEqualTo("coffee costs 4\n");
    ReceivedSpan server = awaitServerSpan("item=coffee");
    awaitInTrace(server, span -> span.name().equals("pricing.buildPricingPack"));
    assertThat(trace(server)).noneMatch(span -> span.kind() == Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(queryCount()).isEqualTo(queries);

    control("POST", "/control/instrumentations/jdbc/enable", TOKEN, 200);
    assertThat(status().at("/instrumentations/switched_off")).isEmpty();
    price("milk");
    awaitQuerySpanUnder(awaitServerSpan("item=milk"));
    assertThat(queryCount()).isEqualTo(queries + 1);
  }

  @Test
  void theHttpServerInstrumentationSwitchedOffLeavesTheCapabilitySpanWithoutParentUntilSwitchedOnAgain() {
    double requests = serverRequests();

    control("POST", "/control/instrumentations/jdk-httpserver/disable", TOKEN, 200);
    assertThat(research("no-server-span")).isEqualTo("findings on no-server-span\n");
    assertThat(awaitResearchSpan("no-server-span").isRoot()).isTrue();
    assertThat(serverRequests()).isEqualTo(requests);

    control("POST", "/control/instrumentations/jdk-httpserver/enable", TOKEN, 200);
    research("server-span-again");
    ReceivedSpan capability = awaitResearchSpan("server-span-again");
    assertThat(awaitServerSpan("q=server-span-again").spanId()).isEqualTo(capability.parentSpanId());
    assertThat(serverRequests()).isEqualTo(requests + 1);
  }

  @Test
  void requestsWithoutTheRightTokenAreRefusedAndChangeNothing() {
    String before = control("GET", "/control", TOKEN, 200).toString();

    HttpGet.Response none = send("POST", "/control/instrumentations/jdbc/disable", null);
    HttpGet.Response wrong = send("POST", "/control/capabilities/0/disable", WRONG_TOKEN);
    HttpGet.Response basic = send("POST", "/control/capabilities/0/disable", null, "Basic " + TOKEN);

    for (HttpGet.Response refused : List.of(none, wrong, basic)) {
      assertThat(refused.status()).isEqualTo(401);
      assertThat(refused.header("WWW-Authenticate")).contains("Bearer realm=\"argus-control\"");
    }
    assertThat(Json.parseObject(none.body()).path("error").asText()).startsWith("missing credentials");
    assertThat(Json.parseObject(wrong.body()).path("error").asText()).isEqualTo("invalid control token");
    assertThat(control("GET", "/control", TOKEN, 200).toString()).isEqualTo(before);
    research("still-traced");
    awaitResearchSpan("still-traced");
  }

  @Test
  void aWrongMethodIs405AndAnUnknownRuleOrInstrumentationIs404WithASpecificMessage() {
    HttpGet.Response get = send("GET", "/control/instrumentations/jdbc/disable", TOKEN);
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.header("Allow")).contains("POST");

    assertThat(control("POST", "/control/instrumentations/jdbcc/disable", TOKEN, 404).path("error").asText())
        .startsWith("no instrumentation 'jdbcc'; installed: [").contains("jdbc", "jdk-httpserver");
    assertThat(control("POST", "/control/capabilities/7/disable", TOKEN, 404).path("error").asText())
        .startsWith("no capability rule number 7: rules are numbered 0 to 1");
    assertThat(control("POST", "/control/capabilities/com.acme.Nope%5Bx%5D/disable", TOKEN, 404).path("error")
        .asText()).startsWith("no capability rule 'com.acme.Nope[x]'");
    assertThat(control("POST", "/control/instrumentations/jdbc/pause", TOKEN, 404).path("error").asText())
        .isEqualTo("unknown control action 'pause': expected enable or disable");
    assertThat(control("GET", "/control", TOKEN, 200).at("/instrumentations")).allSatisfy(
        instrumentation -> assertThat(instrumentation.path("enabled").asBoolean()).isTrue());
  }

  @Test
  void theTokenNeverAppearsInTheAgentsOutputOrStatusAndRefusalsAreLogged() {
    send("POST", "/control/capabilities/0/disable", WRONG_TOKEN);
    send("POST", "/control/capabilities/0/disable", null);
    control("POST", "/control/capabilities/annotations/enable", TOKEN, 200);

    String status = app.statusJson();
    assertThat(status).doesNotContain(TOKEN);
    assertThat(Json.parseObject(status).at("/config/settings/argus.control.token").asText()).isEqualTo("****");
    assertThat(Json.parseObject(status).at("/endpoint/control/enabled").asBoolean()).isTrue();
    app.jvm().awaitStderr(line -> line.contains("\"control_refused\"") && line.contains("wrong_token"), WAIT);
    app.jvm().awaitStderr(line -> line.contains("\"control_switched\""), WAIT);
    assertThat(app.jvm().stderrLines()).noneMatch(line -> line.contains(TOKEN) || line.contains(WRONG_TOKEN));
    assertThat(app.jvm().stdoutLines()).noneMatch(line -> line.contains(TOKEN) || line.contains(WRONG_TOKEN));
  }

  @Test
  void withoutAConfiguredTokenControlIsDisabledAndEveryRequestIsRefused() throws IOException {
    Path config = Files.writeString(dir.resolve("no-token.yaml"), "capabilities:\n  rules: [\"" + RESEARCH_RULE + "\"]\n");
    CapabilityService.Launch launch = CapabilityService.launch();
    launch.builder().agentArgs("config=" + config).env("OTEL_TRACES_EXPORTER", "none");
    CapabilityService noToken = launch.start();
    try (AgentJvm ignored = noToken.jvm()) {
      HttpGet.Response refused = HttpGet.send("POST", noToken.agentUrl("/control/capabilities/0/disable"),
          Map.of("Authorization", "Bearer " + TOKEN), CONTROL_TIMEOUT);

      assertThat(refused.status()).isEqualTo(403);
      assertThat(Json.parseObject(refused.body()).path("error").asText())
          .isEqualTo("runtime control is disabled: no argus.control.token is configured");
      assertThat(Json.parseObject(noToken.statusJson()).at("/endpoint/control/enabled").asBoolean(true)).isFalse();
      assertThat(noToken.get("/research?q=x").body()).isEqualTo("findings on x\n");
      assertThat(PrometheusText.parse(noToken.metricsText()).value("agent_capability_calls_total",
          "agent_name", "ResearchAgent", "capability", "research", "status", "ok")).isEqualTo(1);
    }
  }

  private static JsonNode control(String method, String path, String token, int expectedStatus) {
    HttpGet.Response response = send(method, path, token);
    assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
    return Json.parseObject(response.body());
  }

  private static HttpGet.Response send(String method, String path, String token) {
    return send(method, path, token, token == null ? null : "Bearer " + token);
  }

  private static HttpGet.Response send(String method, String path, String token, String authorization) {
    Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
    return HttpGet.send(method, app.agentUrl(path), headers, CONTROL_TIMEOUT);
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode status() {
    return Json.parseObject(app.statusJson());
  }

  private static String research(String query) {
    return app.get("/research?q=" + query).body();
  }

  private static String price(String item) {
    return app.get("/price?item=" + item).body();
  }

  private static ReceivedSpan awaitResearchSpan(String query) {
    return receiver.store().awaitSpans(span -> span.name().equals("ResearchAgent.research")
        && query.equals(span.attribute("agent.capability.argument.query")), 1, WAIT).get(0);
  }

  /**
   * The SERVER span of the request with this query. The other spans of a request end before its SERVER span and
   * are exported first, so once it has arrived, the spans of its trace have (or are in a batch still in flight, which
   * can only make a "no such span" check pass too easily, never fail; the metrics are checked as well).
   */
  private static ReceivedSpan awaitServerSpan(String query) {
    return receiver.store().awaitSpans(span -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER
        && query.equals(span.attribute("url.query")), 1, WAIT).get(0);
  }

  private static void awaitQuerySpanUnder(ReceivedSpan server) {
    awaitInTrace(server, span -> span.kind() == Span.SpanKind.SPAN_KIND_CLIENT && span.name().contains("SELECT"));
  }

  /** Batches may arrive out of order (two can be in flight), so a span expected in a trace is awaited. */
  private static void awaitInTrace(ReceivedSpan member, Predicate<ReceivedSpan> predicate) {
    receiver.store().awaitSpans(span -> span.traceId().equals(member.traceId()) && predicate.test(span), 1, WAIT);
  }

  private static List<ReceivedSpan> trace(ReceivedSpan member) {
    return receiver.store().spans(span -> span.traceId().equals(member.traceId()));
  }

  private static PrometheusText metrics() {
    return PrometheusText.parse(app.metricsText());
  }

  private static double researchCalls() {
    return metrics().sum("agent_capability_calls_total", "agent_name", "ResearchAgent", "capability", "research");
  }

  private static double queryCount() {
    return metrics().sum("db_client_operation_duration_seconds_count", "db_operation_name", "SELECT");
  }

  private static double serverRequests() {
    return metrics().sum("http_server_request_duration_seconds_count");
  }
}
