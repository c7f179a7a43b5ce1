package io.argus.instrumentation.jdkhttpurlconnection;

import io.argus.bootstrap.jdkhttpurlconnection.UrlConnectionCalls;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code connect()} and {@code getOutputStream()}: starts the span before the request goes out. */
public final class RequestAdvice {
  private RequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This HttpURLConnection connection) {
    UrlConnectionCalls.enter(connection);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This HttpURLConnection connection,
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable thrown) {
    UrlConnectionCalls.exit(connection, false, responseCode, thrown);
  }
}
