package io.argus.bootstrap.okhttp;

import java.lang.reflect.Method;

/**
 * The few public OkHttp methods the instrumentation calls ({@code Call.request()}, {@code Request.url()}, ...),
 * invoked reflectively. This class runs on the bootstrap class path, which cannot see the application's OkHttp; and
 * the advice cannot name OkHttp's types either, because the agent build relocates its own bundled OkHttp
 * ({@code okhttp3} → {@code io.argus.shaded.okhttp3}) by rewriting every reference in every class it packages.
 * Each method is looked up once per class (OkHttp 4 and 5 declare the same public methods).
 */
final class OkHttpApi {
  private static final PublicMethod REQUEST = new PublicMethod("request");
  private static final PublicMethod METHOD = new PublicMethod("method");
  private static final PublicMethod URL = new PublicMethod("url");
  private static final PublicMethod HOST = new PublicMethod("host");
  private static final PublicMethod PORT = new PublicMethod("port");
  private static final PublicMethod CODE = new PublicMethod("code");
  private static final PublicMethod NEW_BUILDER = new PublicMethod("newBuilder");
  private static final PublicMethod HEADER = new PublicMethod("header", String.class, String.class);
  private static final PublicMethod BUILD = new PublicMethod("build");

  private OkHttpApi() {}

  /** {@code call.request()}: the request as the application built it. */
  static Object request(Object call) throws Exception {
    return REQUEST.invoke(call);
  }

  static String method(Object request) throws Exception {
    return (String) METHOD.invoke(request);
  }

  /** {@code request.url()}, an {@code HttpUrl}: its toString is the full URL. */
  static Object url(Object request) throws Exception {
    return URL.invoke(request);
  }

  static String host(Object url) throws Exception {
    return (String) HOST.invoke(url);
  }

  /** The URL's port, the scheme's default when the URL names none. */
  static int port(Object url) throws Exception {
    return (Integer) PORT.invoke(url);
  }

  static int code(Object response) throws Exception {
    return (Integer) CODE.invoke(response);
  }

  /** A copy of an (immutable) request with these headers set: {@code request.newBuilder().header(..)...build()}. */
  static Object withHeaders(Object request, String[] namesAndValues) throws Exception {
    Object builder = NEW_BUILDER.invoke(request);
    for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
      builder = HEADER.invoke(builder, namesAndValues[i], namesAndValues[i + 1]);
    }
    return BUILD.invoke(builder);
  }

  /** One public method by name and parameters, found once per class that declares or inherits it. */
  private static final class PublicMethod extends ClassValue<Method> {
    private final String name;
    private final Class<?>[] parameterTypes;

    PublicMethod(String name, Class<?>... parameterTypes) {
      this.name = name;
      this.parameterTypes = parameterTypes;
    }

    @Override
    protected Method computeValue(Class<?> type) {
      try {
        return type.getMethod(name, parameterTypes);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(type.getName() + " has no public " + name, e);
      }
    }

    Object invoke(Object target, Object... arguments) throws Exception {
      return get(target.getClass()).invoke(target, arguments);
    }
  }
}
