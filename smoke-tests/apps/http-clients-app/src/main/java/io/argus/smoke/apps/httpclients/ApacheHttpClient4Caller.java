package io.argus.smoke.apps.httpclients;

import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/** Apache HttpClient 4.x, which the agent does not instrument: it must work exactly as without the agent. */
final class ApacheHttpClient4Caller implements HttpCaller {
  private final CloseableHttpClient client = HttpClients.createDefault();

  @Override
  public int call(String url) throws Exception {
    try (CloseableHttpResponse response = client.execute(new HttpGet(url))) {
      EntityUtils.consume(response.getEntity());
      return response.getStatusLine().getStatusCode();
    }
  }
}
