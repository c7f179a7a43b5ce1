package io.argus.instrumentation.jdkhttpurlconnection;

import io.argus.bootstrap.jdkhttpurlconnection.UrlConnectionCalls;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code getInputStream()}, which every way of reading the response goes through (getResponseCode,
 * getHeaderField...): starts the span if nothing did yet, ends it with the final response code.
 */
public final class ResponseAdvice {
  private ResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@Advice.This HttpURLConnection connection) {
    UrlConnectionCalls.enter(connection);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @Advice.This HttpURLConnection connection,
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Thrown Throwable thrown) {
    UrlConnectionCalls.exit(connection, true, responseCode, thrown);
  }
}
