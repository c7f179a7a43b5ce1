package io.argus.agent.endpoint;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A request to the control endpoint, read from its method and raw path:
 *
 * <pre>
 * GET  /control                              every switch and its state
 * POST /control/{group}/{id}/disable         e.g. /control/instrumentations/jdbc/disable
 * POST /control/{group}/{id}/enable          e.g. /control/capabilities/0/enable
 * </pre>
 *
 * The id is one percent-encoded path segment (a capability rule's text contains spaces, brackets, commas; a
 * {@code +} stays a plus, as in any URL path).
 */
final class ControlRequest {
  static final String PREFIX = "/control";
  private static final int MAX_SHOWN_PATH = 200;

  /** A request that names nothing the endpoint serves, or uses the wrong method: its status and message. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    /** The methods the path accepts, for the Allow header of a 405. */
    final String allow;

    Invalid(int status, String message, String allow) {
      super(message);
      this.status = status;
      this.allow = allow;
    }
  }

  /** The switch group, or null for a request of the whole state. */
  final String group;
  final String id;
  final boolean enable;

  private ControlRequest(String group, String id, boolean enable) {
    this.group = group;
    this.id = id;
    this.enable = enable;
  }

  boolean isStateQuery() {
    return group == null;
  }

  static ControlRequest parse(String method, String rawPath) throws Invalid {
    String path = rawPath == null ? "" : rawPath;
    if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
      if (!method.equals("GET") && !method.equals("HEAD")) {
        throw new Invalid(405, "method " + method + " not allowed on " + PREFIX + ": use GET", "GET, HEAD");
      }
      return new ControlRequest(null, null, false);
    }
    String[] segments = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1).split("/", -1) : null;
    if (segments == null || segments.length != 3 || segments[0].isEmpty() || segments[1].isEmpty()) {
      throw new Invalid(404, "no such control path '" + shown(path) + "': expected GET " + PREFIX + " or POST "
          + PREFIX + "/{capabilities|instrumentations}/{id}/{enable|disable}", null);
    }
    boolean enable;
    if (segments[2].equals("enable")) {
      enable = true;
    } else if (segments[2].equals("disable")) {
      enable = false;
    } else {
      throw new Invalid(404, "unknown control action '" + shown(segments[2]) + "': expected enable or disable", null);
    }
    if (!method.equals("POST")) {
      throw new Invalid(405, "method " + method + " not allowed on " + shown(path) + ": use POST", "POST");
    }
    return new ControlRequest(decode(segments[0]), decode(segments[1]), enable);
  }

  /** Percent-decodes one path segment as UTF-8; a malformed escape is a 400. */
  static String decode(String segment) throws Invalid {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c != '%') {
        byte[] plain = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(plain, 0, plain.length);
        continue;
      }
      int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
      int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
      if (low < 0) {
        throw new Invalid(400, "malformed percent-encoding in '" + shown(segment) + "'", null);
      }
      bytes.write(high * 16 + low);
      i += 2;
    }
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  /** Client-supplied text as it may appear in a message or the log: bounded. */
  static String shown(String text) {
    return text.length() <= MAX_SHOWN_PATH ? text : text.substring(0, MAX_SHOWN_PATH) + "...";
  }
}
