package io.argus.instrumentation.jdkhttpclient;

import io.argus.bootstrap.http.HttpClientCall;
import io.argus.bootstrap.jdkhttpclient.JdkHttpClientCalls;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)}, which send and every
 * sendAsync overload go through once per call.
 */
public final class SendAsyncAdvice {
  private SendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static HttpClientCall enter(@Advice.Argument(0) HttpRequest request) {
    return JdkHttpClientCalls.start(request.method(), request.uri());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter HttpClientCall call,
      @Advice.Return CompletableFuture<?> future,
      @Advice.Thrown Throwable thrown) {
    JdkHttpClientCalls.sent(call, future, thrown, HttpResponse.class);
  }
}
