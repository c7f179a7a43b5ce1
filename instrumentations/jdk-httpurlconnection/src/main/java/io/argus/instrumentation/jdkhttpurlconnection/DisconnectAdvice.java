package io.argus.instrumentation.jdkhttpurlconnection;

import io.argus.bootstrap.jdkhttpurlconnection.UrlConnectionCalls;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code disconnect()}, before it clears the response code. */
public final class DisconnectAdvice {
  private DisconnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(
      @Advice.This HttpURLConnection connection, @Advice.FieldValue("responseCode") int responseCode) {
    UrlConnectionCalls.disconnect(connection, responseCode);
  }
}
