package io.argus.instrumentation.okhttp;

import io.argus.bootstrap.okhttp.OkHttpCalls;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code RealCall.enqueue(Callback)}: the caller's context, for the dispatcher thread that runs it. */
public final class EnqueueAdvice {
  private EnqueueAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This Object call) {
    OkHttpCalls.enqueued(call);
  }
}
