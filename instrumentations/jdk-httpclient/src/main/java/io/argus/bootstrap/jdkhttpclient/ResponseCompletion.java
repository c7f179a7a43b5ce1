package io.argus.bootstrap.jdkhttpclient;

import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.http.HttpClientCall;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;

/**
 * Ends a JDK HttpClient span when the response future completes. The response is an {@code HttpResponse}, a type this
 * class cannot name (see {@link JdkHttpClientCalls}), so its status is read through that interface's public
 * {@code statusCode()} method, looked up once.
 */
final class ResponseCompletion implements BiConsumer<Object, Throwable> {
  private static final Object[] NO_ARGUMENTS = new Object[0];
  private static volatile Method statusCode;

  private final HttpClientCall call;
  private final Class<?> responseType;

  ResponseCompletion(HttpClientCall call, Class<?> responseType) {
    this.call = call;
    this.responseType = responseType;
  }

  @Override
  public void accept(Object response, Throwable error) {
    int status = 0;
    try {
      if (response != null) {
        status = (Integer) statusCodeMethod().invoke(response, NO_ARGUMENTS);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(JdkHttpClientCalls.INSTRUMENTATION, t);
    }
    call.endDetached(status, unwrap(error));
  }

  private Method statusCodeMethod() throws NoSuchMethodException {
    Method method = statusCode;
    if (method == null) {
      method = responseType.getMethod("statusCode");
      statusCode = method;
    }
    return method;
  }

  /** The failure itself rather than the future's wrapper around it. */
  static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
