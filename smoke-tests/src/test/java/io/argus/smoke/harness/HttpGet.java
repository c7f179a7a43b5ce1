package io.argus.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny HTTP GET (and, for the agent's {@code /control}, any other method without a body) over the JDK's
 * {@link HttpClient}, for loopback only (127.0.0.0/8, localhost, [::1]): anything else
 * is refused. Every call is bounded by its timeout (connect and response).
 */
public final class HttpGet {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(DEFAULT_TIMEOUT)
      .followRedirects(HttpClient.Redirect.NEVER)
      .proxy(HttpClient.Builder.NO_PROXY)
      .build();

  private HttpGet() {}

  /** A response: status, headers (names lower-case) and the body as UTF-8 text. */
  public record Response(int status, Map<String, List<String>> headers, String body) {
    /** The first value of a header, case-insensitively. */
    public Optional<String> header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
          .map(e -> e.getValue().get(0))
          .findFirst();
    }

    @Override
    public String toString() {
      return "HTTP " + status + " " + headers + "\n" + (body.length() > 2_000 ? body.substring(0, 2_000) + "..." : body);
    }
  }

  public static Response get(String url) {
    return get(URI.create(url), Map.of(), DEFAULT_TIMEOUT);
  }

  public static Response get(String url, Duration timeout) {
    return get(URI.create(url), Map.of(), timeout);
  }

  /** GET with request headers; throws {@link UncheckedIOException} if the connection fails or times out. */
  public static Response get(URI uri, Map<String, String> headers, Duration timeout) {
    return send("GET", uri, headers, timeout);
  }

  /**
   * A request with any method and no body, e.g. {@code POST} to the agent's {@code /control}; throws
   * {@link UncheckedIOException} if the connection fails or times out.
   */
  public static Response send(String method, URI uri, Map<String, String> headers, Duration timeout) {
    requireLoopback(uri);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).timeout(timeout);
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during " + method + " " + uri, e);
    }
  }

  /**
   * Polls {@code url} until it answers with {@code status} (connection failures and other statuses are retried),
   * up to {@code timeout}; returns that response or fails with the last outcome.
   */
  public static Response awaitStatus(String url, int status, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no attempt";
    while (true) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError("GET " + url + " did not answer " + status + " within " + timeout + "; last: " + last);
      }
      Duration attemptTimeout = Duration.ofNanos(Math.min(remaining, DEFAULT_TIMEOUT.toNanos()));
      try {
        Response response = get(URI.create(url), Map.of(), attemptTimeout);
        if (response.status() == status) {
          return response;
        }
        last = response.toString();
      } catch (UncheckedIOException e) {
        last = e.getMessage();
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while polling " + url, e);
      }
    }
  }

  private static void requireLoopback(URI uri) {
    String host = uri.getHost();
    if (host == null) {
      throw new IllegalArgumentException("no host in " + uri);
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          throw new IllegalArgumentException("HttpGet is for loopback only, not " + uri);
        }
      }
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host in " + uri, e);
    }
  }
}
