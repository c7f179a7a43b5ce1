package io.argus.smoke.apps.httpclients;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@code java.net.http.HttpClient}, with {@code send} or {@code sendAsync}; follows redirects like a browser. */
final class JdkHttpClientCaller implements HttpCaller {
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NORMAL)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final boolean async;

  JdkHttpClientCaller(boolean async) {
    this.async = async;
  }

  @Override
  public int call(String url) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    if (async) {
      return client
          .sendAsync(request, HttpResponse.BodyHandlers.ofString())
          .thenApply(HttpResponse::statusCode)
          .get(15, TimeUnit.SECONDS);
    }
    return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
