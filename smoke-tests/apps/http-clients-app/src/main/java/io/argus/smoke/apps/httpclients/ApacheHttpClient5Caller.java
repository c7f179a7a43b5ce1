package io.argus.smoke.apps.httpclients;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Apache HttpClient 5 classic, with a response handler (the client releases the connection itself). */
final class ApacheHttpClient5Caller implements HttpCaller {
  private final CloseableHttpClient client = HttpClients.createDefault();

  @Override
  public int call(String url) throws Exception {
    return client.execute(
        new HttpGet(url),
        response -> {
          EntityUtils.consume(response.getEntity());
          return response.getCode();
        });
  }
}
