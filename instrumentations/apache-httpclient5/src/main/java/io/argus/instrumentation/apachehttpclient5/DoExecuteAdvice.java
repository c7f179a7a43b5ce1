package io.argus.instrumentation.apachehttpclient5;

import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.apachehttpclient5.ApacheHttpClientCalls;
import io.argus.bootstrap.http.HttpClientCall;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.net.URIAuthority;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code doExecute(target, request, context)} of the classic clients, which every
 * {@code CloseableHttpClient.execute} overload calls once; redirects and retries happen inside it.
 */
public final class DoExecuteAdvice {
  private DoExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientCall enter(
      @Advice.Argument(0) HttpHost target, @Advice.Argument(1) ClassicHttpRequest request) {
    URIAuthority authority = request.getAuthority();
    String host = target != null ? target.getHostName() : authority != null ? authority.getHostName() : null;
    int port = target != null ? target.getPort() : authority != null ? authority.getPort() : -1;
    String scheme = target != null ? target.getSchemeName() : request.getScheme();
    HttpClientCall call =
        ApacheHttpClientCalls.start(request.getMethod(), scheme, host, port, request.getRequestUri());
    // Once started, the call must reach the exit advice whatever happens here, or its nesting guard stays raised.
    try {
      String[] headers = call.headersToInject();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.setHeader(headers[i], headers[i + 1]);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record("apache-httpclient5", t);
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter HttpClientCall call, @Advice.Return HttpResponse response, @Advice.Thrown Throwable thrown) {
    if (call != null) {
      call.end(response == null ? 0 : response.getCode(), thrown);
    }
  }
}
