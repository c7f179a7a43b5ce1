package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import io.argus.smoke.harness.PrometheusText;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped dashboards and alert rules against real data: promtool checks and unit-tests the rules, then a real
 * Prometheus (Debian's) scrapes an instrumented app, and every PromQL expression of every dashboard and rule is run
 * through its HTTP API. Dashboard queries must return series; alert rules must at least evaluate; and every metric
 * name they use must be one the agent really exports.
 */
class ObservabilityStackTest {
  private static final Path DOCS = Path.of(System.getProperty("argus.docs.dir", "../docs")).toAbsolutePath().normalize();
  private static final Path RULES = DOCS.resolve("alerts/argus-alerts.yml");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Pattern METRIC_SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;

  @Test
  void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
    assertThat(PROMTOOL).as("Debian package prometheus (installed by .ci/run)").exists();
    assertThat(run(PROMTOOL.toString(), "check", "rules", RULES.toString())).contains("SUCCESS");
    assertThat(run(PROMTOOL.toString(), "test", "rules", DOCS.resolve("alerts/argus-alerts.test.yml").toString()))
        .contains("SUCCESS");
  }

  @Test
  void everyDashboardAndAlertQueryWorksAgainstARealPrometheusScrapingTheAgent() throws Exception {
    assertThat(PROMETHEUS).as("Debian package prometheus (installed by .ci/run)").exists();
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    int prometheusPort = AgentJvm.freePort();
    try (AgentJvm app =
        DemoService.withTraffic(appPort, -1)
            .env("OTEL_SERVICE_NAME", "owners-demo")
            // The demo's route() as a business capability: capability metrics with no code change.
            .env("ARGUS_CAPABILITIES", "io.argus.demo.DemoService[route]")
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .start()) {
      DemoService.awaitReady(app);
      Process prometheus = startPrometheus(prometheusPort, metricsPort);
      try {
        String api = "http://127.0.0.1:" + prometheusPort;
        HttpGet.awaitStatus(api + "/-/ready", 200, WAIT);
        // Enough traffic and scrapes for rate() over 1m windows: the demo calls itself every second.
        for (int i = 0; i < 40; i++) {
          HttpGet.get("http://127.0.0.1:" + appPort + "/owners/" + (i % 3 + 1));
          HttpGet.get("http://127.0.0.1:" + appPort + "/fail");
        }
        awaitSeries(api, "http_server_request_duration_seconds_count");
        sleepSeconds(6);

        Set<String> exported =
            new LinkedHashSet<>(
                PrometheusText.parse(HttpGet.get("http://127.0.0.1:" + metricsPort + "/metrics").body())
                    .names());
        List<String> problems = new ArrayList<>();
        for (Query query : dashboardQueries()) {
          checkNames(query, exported, problems);
          JsonNode result = query(api, query.expr);
          if (!result.path("status").asText().equals("success")) {
            problems.add(query + " failed: " + result);
          } else if (result.at("/data/result").isEmpty()) {
            problems.add(query + " returned no series");
          }
        }
        for (Query query : ruleQueries()) {
          checkNames(query, exported, problems);
          JsonNode result = query(api, query.expr);
          if (!result.path("status").asText().equals("success")) {
            problems.add(query + " failed: " + result);
          }
        }
        JsonNode rules = Json.parseObject(HttpGet.get(api + "/api/v1/rules").body());
        assertThat(rules.at("/data/groups")).as("rule groups loaded by Prometheus").hasSize(4);
        assertThat(problems).as("queries that do not work against real data").isEmpty();
      } finally {
        prometheus.destroy();
        prometheus.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private record Query(String source, String expr) {
    @Override
    public String toString() {
      return source + ": " + expr;
    }
  }

  /** Every target expression of every dashboard, with Grafana's variables set to "all". */
  private static List<Query> dashboardQueries() throws IOException {
    List<Query> queries = new ArrayList<>();
    try (Stream<Path> files = Files.list(DOCS.resolve("dashboards"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = Json.parseObject(Files.readString(file));
        for (JsonNode panel : dashboard.path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            String expr =
                target.path("expr").asText()
                    .replace("$__rate_interval", "1m")
                    .replace("$job", ".*")
                    .replace("$instance", ".*")
                    .replace("$service", ".*");
            queries.add(new Query(file.getFileName() + " / " + panel.path("title").asText(), expr));
          }
        }
      }
    }
    assertThat(queries).as("dashboard queries").hasSizeGreaterThan(20);
    return queries;
  }

  private static List<Query> ruleQueries() throws IOException {
    List<Query> queries = new ArrayList<>();
    JsonNode groups =
        new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(RULES.toFile())
            .path("groups");
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        queries.add(new Query("alert " + rule.path("alert").asText(), rule.path("expr").asText()));
      }
    }
    assertThat(queries).as("alert rules").hasSizeGreaterThan(10);
    return queries;
  }

  private static void checkNames(Query query, Set<String> exported, List<String> problems) {
    Matcher matcher = METRIC_SELECTOR.matcher(query.expr);
    while (matcher.find()) {
      String name = matcher.group(1);
      // "up" is the one series Prometheus itself makes for every target (TargetDown).
      if (!exported.contains(name) && !name.equals("up")) {
        problems.add(query.source + " uses " + name + ", which the agent does not export");
      }
    }
  }

  private Process startPrometheus(int port, int metricsPort) throws IOException {
    Path config = temp.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  evaluation_interval: 1s",
            "rule_files:",
            "  - " + RULES,
            "scrape_configs:",
            "  - job_name: owners-demo",
            "    static_configs:",
            "      - targets: ['127.0.0.1:" + metricsPort + "']",
            ""));
    return new ProcessBuilder(
            PROMETHEUS.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + temp.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(temp.resolve("prometheus.log").toFile())
        .start();
  }

  private static JsonNode query(String api, String expr) {
    return Json.parseObject(
        HttpGet.get(api + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)).body());
  }

  private static void awaitSeries(String api, String expr) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!query(api, expr).at("/data/result").isEmpty()) {
        return;
      }
      sleepSeconds(1);
    }
    throw new AssertionError("Prometheus never scraped " + expr);
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  private static void sleepSeconds(int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
