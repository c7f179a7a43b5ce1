package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.Json;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The built-in trace viewer: its JSON API over real traffic, its bounded store, and the page in a real Chromium. */
class TraceViewerTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String XSS = "<img src=x onerror=\"window.__argusXss=1\"><script>window.__argusXss=1</script>";

  private static AgentJvm demo(int appPort, int metricsPort, String... env) {
    AgentJvm.Builder builder =
        DemoService.withTraffic(appPort, 0)
            .env("ARGUS_METRICS_PORT", String.valueOf(metricsPort))
            .env("ARGUS_EXPORT_DELAY", "100");
    for (int i = 0; i + 1 < env.length; i += 2) {
      builder.env(env[i], env[i + 1]);
    }
    AgentJvm jvm = builder.start();
    DemoService.awaitReady(jvm);
    return jvm;
  }

  private static JsonNode awaitTrace(String api, String rootName) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode trace : Json.parseObject(HttpGet.get(api + "/api/traces").body()).path("traces")) {
        if (trace.path("root_name").asText().equals(rootName)) {
          return trace;
        }
      }
      sleep(100);
    }
    throw new AssertionError("no trace with root " + rootName + " in " + HttpGet.get(api + "/api/traces").body());
  }

  @Test
  void theApiListsRecentTracesWithTheirSpansAndRouteStatistics() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    String api = "http://127.0.0.1:" + metricsPort;
    try (AgentJvm app = demo(appPort, metricsPort)) {
      assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/owners").status()).isEqualTo(200);
      assertThat(HttpGet.get("http://127.0.0.1:" + appPort + "/fail").status()).isEqualTo(500);

      JsonNode owners = awaitTrace(api, "GET /owners");
      assertThat(owners.path("service").asText()).isEqualTo("DemoService");
      assertThat(owners.path("error").asBoolean()).isFalse();
      JsonNode detail = Json.parseObject(HttpGet.get(api + "/api/traces/" + owners.path("trace_id").asText()).body());
      assertThat(detail.path("spans")).extracting(span -> span.path("name").asText()).contains("GET /owners");
      assertThat(detail.path("spans")).anySatisfy(span -> assertThat(span.path("kind").asText()).isEqualTo("SERVER"));

      JsonNode fail = awaitTrace(api, "GET /fail");
      assertThat(fail.path("error").asBoolean()).isTrue();
      JsonNode errorsOnly = Json.parseObject(HttpGet.get(api + "/api/traces?error=true").body());
      assertThat(errorsOnly.path("traces")).allSatisfy(t -> assertThat(t.path("error").asBoolean()).isTrue());

      JsonNode routes = Json.parseObject(HttpGet.get(api + "/api/routes").body());
      assertThat(routes.path("routes"))
          .anySatisfy(
              route -> {
                assertThat(route.path("metric").asText()).isEqualTo("http_server_request_duration_seconds");
                assertThat(route.path("name").asText()).contains("http_route=/fail");
                assertThat(route.path("error_percent").asDouble()).isEqualTo(100.0);
              });
      assertThat(HttpGet.get(api + "/api/traces/ffffffffffffffffffffffffffffffff").status()).isEqualTo(404);
    }
  }

  @Test
  void theStoreStaysBoundedAndEvictsTheOldestTraces() {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm app = demo(appPort, metricsPort, "ARGUS_UI_MAX_TRACES", "5")) {
      for (int i = 0; i < 20; i++) {
        HttpGet.get("http://127.0.0.1:" + appPort + "/hello");
      }
      String api = "http://127.0.0.1:" + metricsPort + "/api/traces";
      // 22 traces: the demo's two start-up statements (CREATE, INSERT; JDBC spans) and the 20 requests.
      long deadline = System.nanoTime() + WAIT.toNanos();
      JsonNode list = Json.parseObject(HttpGet.get(api).body());
      while (list.path("evicted").asLong() < 17 && System.nanoTime() < deadline) {
        sleep(100);
        list = Json.parseObject(HttpGet.get(api).body());
      }
      assertThat(list.path("stored").asInt()).isEqualTo(5);
      assertThat(list.path("evicted").asLong()).isEqualTo(17);
    }
  }

  @Test
  void theViewerOffSwitchLeavesOnlyTheEndpoint() {
    int metricsPort = AgentJvm.freePort();
    try (AgentJvm app = demo(AgentJvm.freePort(), metricsPort, "ARGUS_UI_ENABLED", "false")) {
      assertThat(HttpGet.get("http://127.0.0.1:" + metricsPort + "/api/traces").status()).isEqualTo(404);
      assertThat(HttpGet.get("http://127.0.0.1:" + metricsPort + "/").body()).contains("trace viewer off");
    }
  }

  @Test
  void aBrowserFindsTheTraceOfARequestOpensItsWaterfallAndSpanDataRendersAsText() throws Exception {
    int appPort = AgentJvm.freePort();
    int metricsPort = AgentJvm.freePort();
    String viewer = "http://127.0.0.1:" + metricsPort + "/";
    try (AgentJvm app = demo(appPort, metricsPort)) {
      HttpGet.get(URI.create("http://127.0.0.1:" + appPort + "/owners"), Map.of("User-Agent", XSS), WAIT);
      awaitTrace("http://127.0.0.1:" + metricsPort, "GET /owners");

      ChromeDriver browser = chromium();
      try {
        browser.get(viewer);
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        WebElement row =
            wait.until(
                ExpectedConditions.elementToBeClickable(
                    By.xpath("//tr[contains(@class,'trace-row')][td[normalize-space()='GET /owners']]")));
        row.click();

        WebElement query =
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.xpath("//div[contains(@class,'span-row')][.//span[normalize-space()='SELECT owners']]")));
        assertThat(browser.findElement(By.id("trace-id")).getText()).matches("[0-9a-f]{32}");

        browser
            .findElement(By.xpath("//div[contains(@class,'span-row')][.//span[normalize-space()='GET /owners']]"))
            .click();
        WebElement detail = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("span-detail")));
        assertThat(detail.getText()).contains(XSS); // shown as the text it is
        Object injected = ((JavascriptExecutor) browser).executeScript("return window.__argusXss === undefined");
        assertThat(injected).isEqualTo(Boolean.TRUE);
        assertThat(browser.findElements(By.cssSelector("#span-detail img, #span-detail script"))).isEmpty();

        query.click();
        Path screenshots = Path.of("target", "screenshots");
        Files.createDirectories(screenshots);
        Files.write(screenshots.resolve("trace-viewer-waterfall.png"), browser.getScreenshotAs(OutputType.BYTES));
      } finally {
        browser.quit();
      }
    }
  }

  /** Debian's chromium through its chromedriver; no download, no network beyond loopback. */
  private static ChromeDriver chromium() {
    Path binary = Path.of("/usr/bin/chromium");
    Path driver = Path.of("/usr/bin/chromedriver");
    assertThat(binary).as("Debian package chromium (installed by .ci/run)").exists();
    assertThat(driver).as("Debian package chromium-driver (installed by .ci/run)").exists();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(binary.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,900");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build();
    return new ChromeDriver(service, options);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
