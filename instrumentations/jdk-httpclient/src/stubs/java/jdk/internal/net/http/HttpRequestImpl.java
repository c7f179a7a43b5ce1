package jdk.internal.net.http;

import jdk.internal.net.http.common.HttpHeadersBuilder;

/**
 * Compile-time stand-in for the JDK's {@code jdk.internal.net.http.HttpRequestImpl} (Java 11+), declaring only what
 * the advice calls. Not packaged: the inlined advice links against the real class, in whose body it runs.
 * {@code getSystemHeadersBuilder} is package-private in the JDK; the advice calling it is inlined into this very
 * class, so the access is legal at run time.
 */
public class HttpRequestImpl {
  public void setSystemHeader(String name, String value) {
    throw new UnsupportedOperationException("compile-time stub");
  }

  public HttpHeadersBuilder getSystemHeadersBuilder() {
    throw new UnsupportedOperationException("compile-time stub");
  }
}
