package io.argus.smoke;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.HttpGet;
import io.argus.smoke.harness.SmokeApps;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Launch settings for {@code apps/http-clients-app}: a JDK HttpServer whose {@code /call?client=C&url=U} calls U with
 * client C and answers {@code status=CODE} or {@code failed=ExceptionClass}; {@code /status/CODE} answers CODE and
 * {@code /redirect?Q} answers 302 to {@code /status/200?Q}.
 */
final class HttpClientsApp {
  static final String APP = "http-clients-app";
  static final String MAIN = "io.argus.smoke.apps.httpclients.HttpClientsApp";
  static final String READY = "HTTP CLIENTS APP READY";
  /** Generous: on a busy two-core machine a JVM with the agent can take half a minute to start. */
  static final Duration STARTUP = Duration.ofSeconds(90);

  /** Every client the agent traces, as the app names them (urlconnection-post sends a body, so it is a POST). */
  static final List<String> TRACED_CLIENTS =
      List.of(
          "urlconnection",
          "urlconnection-post",
          "jdk-httpclient",
          "jdk-httpclient-async",
          "apache-httpclient5",
          "okhttp",
          "okhttp-async");

  /** The library folders of the app's target/: current versions, oldest supported, unsupported. */
  static final String CURRENT_LIBRARIES = "lib";
  static final String OLDEST_SUPPORTED_LIBRARIES = "lib-oldest-supported";
  static final String LEGACY_LIBRARIES = "lib-legacy";

  private HttpClientsApp() {}

  /** The app on a free port, with the libraries of one folder on its class path. */
  static AgentJvm.Builder builder(String name, String libraries) {
    Path target = SmokeApps.appDir(APP).resolve("target");
    Path classes = target.resolve("classes");
    if (!Files.isDirectory(target.resolve(libraries))) {
      throw new IllegalStateException(target.resolve(libraries) + " is missing; build the app first: "
          + "mvn -pl smoke-tests/apps/" + APP + " process-classes");
    }
    return AgentJvm.builder()
        .name(name)
        .classPath(classes.toString(), target.resolve(libraries).resolve("*").toString())
        .mainClass(MAIN)
        .args("0");
  }

  /** Waits for the app to listen; returns its port. */
  static int awaitPort(AgentJvm jvm) {
    String ready = jvm.awaitStdout(READY, STARTUP);
    return Integer.parseInt(ready.substring(ready.lastIndexOf(':') + 1).trim());
  }

  /** Has the app at {@code appPort} call {@code url} with {@code client}; returns status=CODE or failed=CLASS. */
  static String call(int appPort, String client, String url) {
    return call(appPort, client, url, Map.of());
  }

  static String call(int appPort, String client, String url, Map<String, String> headers) {
    HttpGet.Response response = HttpGet.get(URI.create(callUrl(appPort, client, url)), headers, Duration.ofSeconds(30));
    if (response.status() != 200) {
      throw new AssertionError("/call answered " + response);
    }
    return response.body().trim();
  }

  static String callUrl(int appPort, String client, String url) {
    return "http://127.0.0.1:" + appPort + "/call?client=" + client + "&url="
        + URLEncoder.encode(url, StandardCharsets.UTF_8);
  }
}
