package io.argus.smoke.apps.httpclients;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp, with {@code execute} or {@code enqueue}. Uses only API that OkHttp 3, 4 and 5 share, so the same class runs
 * against each version's jars.
 */
final class OkHttpCaller implements HttpCaller {
  private final OkHttpClient client = new OkHttpClient();
  private final boolean async;

  OkHttpCaller(boolean async) {
    this.async = async;
  }

  @Override
  public int call(String url) throws Exception {
    Request request = new Request.Builder().url(url).build();
    if (!async) {
      try (Response response = client.newCall(request).execute()) {
        response.body().string();
        return response.code();
      }
    }
    CompletableFuture<Integer> status = new CompletableFuture<>();
    client
        .newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                status.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) throws IOException {
                try (response) {
                  response.body().string();
                  status.complete(response.code());
                }
              }
            });
    return status.get(15, TimeUnit.SECONDS);
  }
}
