package io.argus.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.OtlpHttpReceiver;
import io.argus.smoke.harness.ReceivedSpan;
import io.argus.smoke.harness.SmokeApps;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A legacy deployment: apps/servlet-war-app's {@code shop.war} (web.xml, H2 in WEB-INF/lib) in a standalone Tomcat
 * 10.1 from the Debian {@code tomcat10} package, started by {@code catalina.sh run} with the agent in
 * {@code CATALINA_OPTS}. One Tomcat for the class; each test leaves the WAR deployed.
 *
 * <p>Without the package the tests are skipped on a developer machine and fail in CI ({@code CI} set), where
 * {@code .ci/run} installs it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatWarDeploymentTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String APP = "shop";
  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  private OtlpHttpReceiver receiver;
  private StandaloneTomcat tomcat;
  private Path war;

  @BeforeAll
  void deployTheWarOnTomcatWithTheAgent() {
    Optional<Path> home = StandaloneTomcat.installedHome();
    if (home.isEmpty()) {
      if (System.getenv("CI") != null) {
        fail("tomcat10 is not installed under " + StandaloneTomcat.DEBIAN_HOME + "; .ci/run installs it");
      }
      Assumptions.abort("tomcat10 is not installed (sudo apt-get install -y tomcat10)");
    }
    war = SmokeApps.appDir("servlet-war-app").resolve("target").resolve(APP + ".war");
    if (!Files.isRegularFile(war)) {
      throw new IllegalStateException(war + " does not exist; build it first: mvn -pl smoke-tests/apps/servlet-war-app"
          + " package");
    }
    receiver = OtlpHttpReceiver.listen();
    tomcat = StandaloneTomcat.start(home.get(), "-javaagent:" + AgentJvm.agentJar(), Map.of(
        "OTEL_SERVICE_NAME", "shop",
        "OTEL_TRACES_EXPORTER", "otlp",
        "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
        "ARGUS_EXPORT_DELAY", "200ms",
        "ARGUS_METRICS_PORT", "0"));
    tomcat.deploy(war, APP);
  }

  @AfterAll
  void stopTomcat() {
    if (tomcat != null) {
      tomcat.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  @Test
  void aRequestToTheWarIsAServerSpanWithTheServletRouteAndItsQueryIsAChildJdbcSpan() {
    HttpGet.Response response = HttpGet.get(URI.create(url("/shop/owners/1")),
        Map.of("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01"), WAIT);
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("George Franklin");

    ReceivedSpan server = receiver.awaitSpan(span -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER
        && span.traceId().equals(TRACE_ID), WAIT);
    assertThat(server.name()).isEqualTo("GET /shop/owners/*");
    assertThat(server.parentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(server.attributes())
        .containsEntry("http.route", "/shop/owners/*")
        .containsEntry("url.path", "/shop/owners/1")
        .containsEntry("http.response.status_code", "200");
    assertThat(server.resourceAttribute("service.name")).isEqualTo("shop");

    ReceivedSpan query = receiver.awaitSpan(span -> span.traceId().equals(TRACE_ID)
        && span.parentSpanId().equals(server.spanId()), WAIT);
    assertThat(query.kind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
    assertThat(query.name()).isEqualTo("SELECT owners");
    assertThat(query.attributes())
        .containsEntry("db.system.name", "h2")
        .containsEntry("db.namespace", "shop")
        .containsEntry("db.query.text", "SELECT name FROM owners WHERE id = ?");
  }

  @Test
  void undeployingAndRedeployingTheWarFiveTimesLeavesOnlyTheLiveWebAppClassLoader() {
    for (int cycle = 1; cycle <= 5; cycle++) {
      tomcat.undeploy(APP);
      tomcat.deploy(war, APP);
      // Work that the agent sees in the new class loader: a traced query, and a failure with an exception class
      // of the web application that the agent records on the span.
      assertThat(HttpGet.get(url("/shop/owners/2"), WAIT).body()).isEqualTo("Betty Davis");
      assertThat(HttpGet.get(url("/shop/owners/broken"), WAIT).status()).isEqualTo(500);
    }
    ReceivedSpan failed = receiver.awaitSpan(span -> span.kind() == Span.SpanKind.SPAN_KIND_SERVER
        && "/shop/owners/broken".equals(span.attribute("url.path")), WAIT);
    assertThat(failed.statusCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(failed.span().getEventsList()).anySatisfy(event -> assertThat(event.toString())
        .contains("io.argus.smoke.apps.war.OwnersServlet$ShopFailure"));

    // Six deployments in all; without a leak only the live one's loader survives full collections.
    assertThat(tomcat.liveWebappClassLoaders())
        .as("ParallelWebappClassLoader instances after 5 undeployments" + tomcat.jvm().describeOutput())
        .isEqualTo(1);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + tomcat.port() + path;
  }
}
