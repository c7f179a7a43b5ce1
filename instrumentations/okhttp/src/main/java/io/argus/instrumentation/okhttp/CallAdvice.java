package io.argus.instrumentation.okhttp;

import io.argus.bootstrap.okhttp.OkHttpCalls;
import io.argus.bootstrap.okhttp.OkHttpCalls.TracedOkHttpCall;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RealCall.getResponseWithInterceptorChain()} (Kotlin-internal, so named
 * {@code getResponseWithInterceptorChain$okhttp}), which both {@code execute()} and the dispatcher's run of an
 * enqueued call go through once. OkHttp's types appear as Object: see {@link OkHttpInstrumentation}.
 */
public final class CallAdvice {
  private CallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static TracedOkHttpCall enter(@Advice.This Object call) {
    return OkHttpCalls.start(call);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.Enter TracedOkHttpCall traced, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
    OkHttpCalls.end(traced, response, thrown);
  }
}
