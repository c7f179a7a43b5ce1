package io.argus.instrumentation.jdkhttpclient;

import io.argus.bootstrap.jdkhttpclient.JdkHttpClientCalls;
import jdk.internal.net.http.HttpRequestImpl;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the constructor {@code HttpRequestImpl(HttpRequest, ProxySelector)}, the JDK's internal copy of the
 * user's request made at the start of sendAsync: sets the trace headers as system headers of that copy.
 */
public final class RequestCopyAdvice {
  private RequestCopyAdvice() {}

  // No onThrowable: advice cannot catch exceptions of a constructor; a constructor that throws sends nothing.
  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(@Advice.This HttpRequestImpl request) {
    String[] headers = JdkHttpClientCalls.takeHeadersForNewRequest();
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.setSystemHeader(headers[i], headers[i + 1]);
      }
    }
  }
}
