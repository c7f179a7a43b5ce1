package io.argus.smoke.apps.httpclients;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** {@code java.net.HttpURLConnection}, as most code uses it: getResponseCode, then the body or the error stream. */
final class UrlConnectionCaller implements HttpCaller {
  private final boolean post;

  UrlConnectionCaller(boolean post) {
    this.post = post;
  }

  @Override
  public int call(String url) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(10_000);
    connection.setReadTimeout(10_000);
    try {
      if (post) {
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        try (OutputStream body = connection.getOutputStream()) {
          body.write("{\"name\":\"argus\"}".getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (body != null) {
          body.readAllBytes();
        }
      }
      return status;
    } finally {
      connection.disconnect();
    }
  }
}
