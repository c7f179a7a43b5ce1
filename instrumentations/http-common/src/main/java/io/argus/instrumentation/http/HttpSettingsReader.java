package io.argus.instrumentation.http;

import io.argus.bootstrap.http.HttpSettings;
import io.argus.instrumentation.api.InstrumentationSettings;
import java.util.List;

/** Reads the {@code argus.http.*} settings and installs them for every HTTP server and client instrumentation. */
public final class HttpSettingsReader {
  private HttpSettingsReader() {}

  /** Called from each HTTP instrumentation's {@code configure}; installing the same settings twice is harmless. */
  public static void apply(InstrumentationSettings settings) {
    List<String> excluded = settings.value("argus.http.excluded.paths");
    Boolean excludedInMetrics = settings.value("argus.http.excluded.paths.in.metrics");
    List<String> routeRules = settings.value("argus.http.route.rules");
    Boolean redact = settings.value("argus.http.redaction.enabled");
    List<String> secretParameters = settings.value("argus.http.redaction.query.parameters");
    String requestIdHeader = settings.value("argus.http.request.id.header");
    String traceIdHeader = settings.value("argus.http.trace.id.response.header");
    HttpSettings.install(
        new HttpSettings(
            excluded, excludedInMetrics, routeRules, redact, secretParameters, requestIdHeader, traceIdHeader));
  }
}
