package io.argus.instrumentation.jdkhttpclient;

import io.argus.bootstrap.jdkhttpclient.JdkHttpClientCalls;
import jdk.internal.net.http.HttpRequestImpl;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpRequestImpl.newInstanceForAuthentication(previous)}: the request re-sent with credentials
 * after a 401/407 starts with fresh system headers, so the trace headers are copied over.
 */
public final class AuthenticationRequestAdvice {
  private AuthenticationRequestAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Argument(0) HttpRequestImpl previous, @Advice.Return HttpRequestImpl next) {
    if (previous != null && next != null) {
      String[] headers = JdkHttpClientCalls.traceHeadersOf(previous.getSystemHeadersBuilder().map());
      for (int i = 0; i + 1 < headers.length; i += 2) {
        next.setSystemHeader(headers[i], headers[i + 1]);
      }
    }
  }
}
