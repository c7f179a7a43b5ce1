package io.argus.bootstrap.servlet;

import io.argus.bootstrap.http.HeaderValues;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/** Header values as {@code HttpServletRequest.getHeaders(name)} gives them, joined for the propagator. */
public final class ServletHeaders {
  private ServletHeaders() {}

  /**
   * All lines of one header as one value ({@link HeaderValues#join}); null when absent. The container may return
   * null when it forbids header access, and one line, the usual case, is returned without allocating.
   */
  public static String join(Enumeration<String> lines) {
    if (lines == null || !lines.hasMoreElements()) {
      return null;
    }
    String first = lines.nextElement();
    if (!lines.hasMoreElements()) {
      return first;
    }
    List<String> all = new ArrayList<String>(4);
    all.add(first);
    while (lines.hasMoreElements()) {
      all.add(lines.nextElement());
    }
    return HeaderValues.join(all);
  }
}
