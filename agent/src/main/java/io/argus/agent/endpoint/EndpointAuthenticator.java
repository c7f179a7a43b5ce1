package io.argus.agent.endpoint;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.argus.agent.log.AgentLog;
import java.io.IOException;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Optional protection of the endpoint: every request except those to the open paths ({@code /health} and
 * {@code /ready} by default, so probes need no secret) must carry the configured HTTP Basic credentials or bearer
 * token; anything else gets 401. Credentials are compared as SHA-256 digests with {@link MessageDigest#isEqual}, a
 * constant-time comparison, so neither the timing nor the length of a guess tells how close it was. Refusals are logged
 * once (then counted) with the path and the client, never with what the client sent.
 */
public final class EndpointAuthenticator extends Filter {
  private static final AgentLog LOG = AgentLog.get("endpoint");
  private static final Charset UTF_8 = Charset.forName("UTF-8");

  private final byte[] basicDigest; // of "username:password"; null when Basic is off
  private final byte[] bearerDigest; // of the token; null when bearer is off
  private final boolean incomplete;
  private final List<String> openPaths;
  private final AtomicLong refused = new AtomicLong();

  private EndpointAuthenticator(byte[] basicDigest, byte[] bearerDigest, boolean incomplete, List<String> openPaths) {
    this.basicDigest = basicDigest;
    this.bearerDigest = bearerDigest;
    this.incomplete = incomplete;
    this.openPaths = openPaths;
  }

  /**
   * The authenticator for these settings (each may be null), or null when none is set: the endpoint is then open, as
   * by default. A username without a password, or the reverse, protects the endpoint with credentials no client can
   * send: half a configuration fails closed, never open (see {@link #incomplete()}).
   */
  public static EndpointAuthenticator of(
      String username, String password, String bearerToken, List<String> openPaths) {
    if (username == null && password == null && bearerToken == null) {
      return null;
    }
    boolean incomplete = (username == null) != (password == null);
    byte[] basic = username != null && password != null ? digest(username + ":" + password) : null;
    byte[] bearer = bearerToken == null ? null : digest(bearerToken);
    List<String> open = openPaths == null ? Collections.<String>emptyList() : new ArrayList<String>(openPaths);
    return new EndpointAuthenticator(basic, bearer, incomplete, Collections.unmodifiableList(open));
  }

  /** True when only half of the Basic credentials is configured (and no token): every protected request fails. */
  public boolean incomplete() {
    return incomplete && bearerDigest == null;
  }

  /** "basic", "bearer" or "basic, bearer": what a client may send. */
  public String schemes() {
    return basicDigest != null && bearerDigest != null ? "basic, bearer" : bearerDigest != null ? "bearer" : "basic";
  }

  public List<String> openPaths() {
    return openPaths;
  }

  /** Requests refused since start. */
  public long refused() {
    return refused.get();
  }

  @Override
  public String description() {
    return "argus endpoint authentication (" + schemes() + ")";
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (isOpen(path) || accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
      chain.doFilter(exchange);
      return;
    }
    refused.incrementAndGet();
    LOG.once(
        AgentLog.Level.WARN,
        "endpoint_auth_refused",
        "endpoint_auth_refused",
        null,
        "path",
        path,
        "client",
        exchange.getRemoteAddress() == null ? null : exchange.getRemoteAddress().getAddress().getHostAddress(),
        "accepted",
        schemes(),
        "hint",
        "later refusals are counted (endpoint.auth_refused on /status), summarised once a minute while they go on");
    exchange.getResponseHeaders().set(
        "WWW-Authenticate", bearerDigest != null && basicDigest == null ? "Bearer realm=\"argus\""
            : "Basic realm=\"argus\", charset=\"UTF-8\"");
    AgentEndpoint.respond(exchange, 401, "text/plain; charset=utf-8", "credentials required\n");
  }

  boolean isOpen(String path) {
    for (String open : openPaths) {
      if (open.equals(path)) {
        return true;
      }
    }
    return false;
  }

  /** Whether an Authorization header value carries the configured credentials. */
  boolean accepts(String authorization) {
    if (authorization == null) {
      return false;
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    if (space < 0) {
      return false;
    }
    String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
    String credentials = value.substring(space + 1).trim();
    if (scheme.equals("bearer") && bearerDigest != null) {
      return MessageDigest.isEqual(bearerDigest, digest(credentials));
    }
    if (scheme.equals("basic") && basicDigest != null) {
      byte[] decoded;
      try {
        decoded = java.util.Base64.getDecoder().decode(credentials);
      } catch (IllegalArgumentException notBase64) {
        return false;
      }
      return MessageDigest.isEqual(basicDigest, digest(decoded));
    }
    return false;
  }

  private static byte[] digest(String text) {
    return digest(text.getBytes(UTF_8));
  }

  private static byte[] digest(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
