package io.argus.smoke.apps.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * The same requests through HttpURLConnection, the JDK HttpClient (send and sendAsync), OkHttp (execute and enqueue)
 * and Apache HttpClient 5: each answer as the application sees it.
 */
final class HttpClientCalls {
  private static final String[] PATHS = {"/echo?x=1", "/missing", "/fail", "/crash"};

  private final String base;
  private final String refused;

  HttpClientCalls(int port) throws IOException {
    this.base = "http://127.0.0.1:" + port;
    this.refused = "http://127.0.0.1:" + closedPort();
  }

  List<String> run() throws Exception {
    List<String> lines = new ArrayList<>();
    for (String path : PATHS) {
      lines.add("urlconnection GET " + path + " " + urlConnection("GET", base + path, null));
      lines.add("jdk-httpclient GET " + path + " " + jdkSend("GET", base + path, null));
      lines.add("okhttp GET " + path + " " + okHttpExecute("GET", base + path, null));
      lines.add("apache GET " + path + " " + apache("GET", base + path, null));
    }
    lines.add("urlconnection POST " + urlConnection("POST", base + "/echo?x=2", "posted"));
    lines.add("jdk-httpclient POST " + jdkSend("POST", base + "/echo?x=2", "posted"));
    lines.add("okhttp POST " + okHttpExecute("POST", base + "/echo?x=2", "posted"));
    lines.add("apache POST " + apache("POST", base + "/echo?x=2", "posted"));
    lines.add("jdk-httpclient sendAsync " + jdkSendAsync(base + "/echo?x=3"));
    lines.add("okhttp enqueue " + okHttpEnqueue(base + "/echo?x=3"));
    lines.add("urlconnection refused " + urlConnection("GET", refused + "/echo", null));
    lines.add("jdk-httpclient refused " + jdkSend("GET", refused + "/echo", null));
    lines.add("okhttp refused " + okHttpExecute("GET", refused + "/echo", null));
    lines.add("apache refused " + apache("GET", refused + "/echo", null));
    return lines;
  }

  /** A port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String answer(int status, String handledBy, String body) {
    return "status=" + status + " handled-by=" + handledBy + " body=" + body;
  }

  private static String urlConnection(String method, String url, String body) {
    try {
      HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
      connection.setRequestMethod(method);
      connection.setConnectTimeout(5000);
      connection.setReadTimeout(5000);
      if (body != null) {
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body.getBytes(StandardCharsets.UTF_8));
        }
      }
      int status = connection.getResponseCode();
      InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
      String text = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String result = answer(status, connection.getHeaderField("X-Handled-By"), text);
      connection.disconnect();
      return result;
    } catch (Exception e) {
      return "threw " + FaultInjectionApp.describe(e);
    }
  }

  private static final HttpClient JDK = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static HttpRequest jdkRequest(String method, String url, String body) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(5))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  private static String jdkSend(String method, String url, String body) {
    try {
      HttpResponse<String> response = JDK.send(jdkRequest(method, url, body), HttpResponse.BodyHandlers.ofString());
      return answer(response.statusCode(), response.headers().firstValue("X-Handled-By").orElse(null), response.body());
    } catch (Exception e) {
      return "threw " + FaultInjectionApp.describe(e);
    }
  }

  private static String jdkSendAsync(String url) {
    try {
      HttpResponse<String> response =
          JDK.sendAsync(jdkRequest("GET", url, null), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
      return answer(response.statusCode(), response.headers().firstValue("X-Handled-By").orElse(null), response.body());
    } catch (Exception e) {
      return "threw " + FaultInjectionApp.describe(e);
    }
  }

  private static final OkHttpClient OK_HTTP =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).retryOnConnectionFailure(false).build();

  private static Request okRequest(String method, String url, String body) {
    return new Request.Builder()
        .url(url)
        .method(method, body == null ? null : RequestBody.create(body, MediaType.get("text/plain")))
        .build();
  }

  private static String okHttpExecute(String method, String url, String body) {
    try (Response response = OK_HTTP.newCall(okRequest(method, url, body)).execute()) {
      return answer(response.code(), response.header("X-Handled-By"), response.body().string());
    } catch (Exception e) {
      return "threw " + FaultInjectionApp.describe(e);
    }
  }

  private static String okHttpEnqueue(String url) {
    CompletableFuture<String> result = new CompletableFuture<>();
    OK_HTTP.newCall(okRequest("GET", url, null)).enqueue(new Callback() {
      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          result.complete(answer(response.code(), response.header("X-Handled-By"), response.body().string()));
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        result.complete("threw " + FaultInjectionApp.describe(e));
      }
    });
    try {
      return result.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      return "threw " + FaultInjectionApp.describe(e);
    }
  }

  private static String apache(String method, String url, String body) {
    HttpUriRequestBase request = method.equals("POST") ? new HttpPost(url) : new HttpGet(url);
    if (body != null) {
      request.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN));
    }
    try (CloseableHttpClient client = HttpClients.createDefault()) {
      return client.execute(request, response -> answer(
          response.getCode(),
          response.getFirstHeader("X-Handled-By") == null ? null : response.getFirstHeader("X-Handled-By").getValue(),
          response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
    } catch (Exception e) {
      return "threw " + FaultInjectionApp.describe(e);
    }
  }
}
