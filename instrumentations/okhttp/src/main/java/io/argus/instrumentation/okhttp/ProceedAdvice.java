package io.argus.instrumentation.okhttp;

import io.argus.bootstrap.okhttp.OkHttpCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code RealInterceptorChain.proceed(Request)}. The first proceed of a traced call hands the request
 * to the first interceptor: it gets a copy with the trace headers (requests are immutable), from which every later
 * request of the call, redirects and retries included, is derived. The application's own {@code Call.request()}
 * stays as it built it.
 */
public final class ProceedAdvice {
  private ProceedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    request = OkHttpCalls.withTraceHeaders(request);
  }
}
