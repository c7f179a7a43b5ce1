package io.argus.agent.endpoint;

import java.net.InetAddress;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Who may use the control endpoint: nobody unless {@code argus.control.token} is configured; then only requests from
 * a loopback address (unless {@code argus.control.allow.remote=true}) that carry the token as
 * {@code Authorization: Bearer <token>}. The token is kept and compared as a SHA-256 digest with
 * {@link MessageDigest#isEqual}, so the comparison takes the same time whatever the presented token is, and its
 * length leaks nothing either.
 */
final class ControlAccess {
  /** Why a request is refused: the HTTP status and the body the client gets (never the token). */
  enum Refusal {
    CONTROL_DISABLED(403, "runtime control is disabled: no argus.control.token is configured"),
    NOT_LOOPBACK(403, "runtime control is accepted from loopback only; set argus.control.allow.remote=true to "
        + "accept it from other hosts"),
    NO_TOKEN(401, "missing credentials: send the control token as 'Authorization: Bearer <token>'"),
    WRONG_TOKEN(401, "invalid control token");

    final int status;
    final String message;

    Refusal(int status, String message) {
      this.status = status;
      this.message = message;
    }
  }

  private static final Charset UTF_8 = Charset.forName("UTF-8");
  private static final String BEARER = "bearer";

  private final byte[] tokenDigest;
  private final boolean allowRemote;

  /** {@code token} null or empty: control is disabled. */
  ControlAccess(String token, boolean allowRemote) {
    this.tokenDigest = token == null || token.isEmpty() ? null : sha256(token);
    this.allowRemote = allowRemote;
  }

  boolean enabled() {
    return tokenDigest != null;
  }

  boolean allowsRemote() {
    return allowRemote;
  }

  /** Null when the request may proceed, else why not. */
  Refusal check(InetAddress remote, String authorization) {
    if (tokenDigest == null) {
      return Refusal.CONTROL_DISABLED;
    }
    if (!allowRemote && (remote == null || !remote.isLoopbackAddress())) {
      return Refusal.NOT_LOOPBACK;
    }
    String presented = bearerToken(authorization);
    if (presented == null) {
      return Refusal.NO_TOKEN;
    }
    return MessageDigest.isEqual(tokenDigest, sha256(presented)) ? null : Refusal.WRONG_TOKEN;
  }

  /** The token of an {@code Authorization: Bearer <token>} header (scheme in any case, RFC 6750), or null. */
  static String bearerToken(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    if (value.length() <= BEARER.length()
        || !value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)
        || !Character.isWhitespace(value.charAt(BEARER.length()))) {
      return null;
    }
    String token = value.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
