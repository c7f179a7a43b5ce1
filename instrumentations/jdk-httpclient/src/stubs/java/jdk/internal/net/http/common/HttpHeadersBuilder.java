package jdk.internal.net.http.common;

import java.util.List;
import java.util.Map;

/** Compile-time stand-in for the JDK's {@code jdk.internal.net.http.common.HttpHeadersBuilder}; not packaged. */
public class HttpHeadersBuilder {
  public Map<String, List<String>> map() {
    throw new UnsupportedOperationException("compile-time stub");
  }
}
