package io.argus.agent.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.argus.agent.json.JsonWriter;
import io.argus.agent.log.AgentLog;
import io.argus.instrumentation.api.RuntimeSwitches;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Runtime control ({@code /control}, see {@link ControlRequest} for the paths): switches capability rules, the
 * {@code @WithSpan} annotations and whole instrumentations off and on, for holders of the control token
 * ({@link ControlAccess}). Every change is logged with the caller's address; refusals are logged once per reason and
 * then summarised (AgentLog's once), never with the token.
 */
public final class ControlEndpoint implements HttpHandler {
  private static final AgentLog LOG = AgentLog.get("control");
  private static final String JSON = "application/json";

  private final ControlAccess access;

  ControlEndpoint(ControlAccess access) {
    this.access = access;
  }

  /** {@code token} null: control disabled, every request refused with 403. */
  public static ControlEndpoint create(String token, boolean allowRemote) {
    return new ControlEndpoint(new ControlAccess(token, allowRemote));
  }

  public boolean enabled() {
    return access.enabled();
  }

  public boolean allowsRemote() {
    return access.allowsRemote();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    InetSocketAddress remote = exchange.getRemoteAddress();
    InetAddress address = remote == null ? null : remote.getAddress();
    ControlAccess.Refusal refusal =
        access.check(address, exchange.getRequestHeaders().getFirst("Authorization"));
    if (refusal != null) {
      LOG.once(AgentLog.Level.WARN, "control_refused:" + refusal.name(), "control_refused", null,
          "reason", refusal.name().toLowerCase(Locale.ROOT), "remote", hostOf(address), "method", method,
          "path", ControlRequest.shown(String.valueOf(path)));
      if (refusal.status == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"argus-control\"");
      }
      error(exchange, refusal.status, refusal.message);
      return;
    }
    ControlRequest request;
    try {
      request = ControlRequest.parse(method, path);
    } catch (ControlRequest.Invalid invalid) {
      if (invalid.allow != null) {
        exchange.getResponseHeaders().set("Allow", invalid.allow);
      }
      error(exchange, invalid.status, invalid.getMessage());
      return;
    }
    if (request.isStateQuery()) {
      AgentEndpoint.respond(exchange, 200, JSON, new JsonWriter().value(RuntimeSwitches.snapshot()).toString());
      return;
    }
    apply(exchange, request, address);
  }

  private static void apply(HttpExchange exchange, ControlRequest request, InetAddress address) throws IOException {
    RuntimeSwitches.Group group = RuntimeSwitches.group(request.group);
    if (group == null) {
      error(exchange, 404, "no control group '" + ControlRequest.shown(request.group) + "': groups are "
          + RuntimeSwitches.snapshot().keySet());
      return;
    }
    Map<String, Object> result;
    try {
      result = group.set(request.id, request.enable);
    } catch (NoSuchElementException e) {
      error(exchange, 404, e.getMessage());
      return;
    } catch (IllegalStateException e) {
      error(exchange, 409, e.getMessage());
      return;
    }
    LOG.info("control_switched", "group", request.group, "id", ControlRequest.shown(request.id),
        "result", result, "remote", hostOf(address));
    AgentEndpoint.respond(exchange, 200, JSON, new JsonWriter().value(result).toString());
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    AgentEndpoint.respond(exchange, status, JSON, new JsonWriter().beginObject().field("error", message)
        .endObject().toString());
  }

  private static String hostOf(InetAddress address) {
    return address == null ? null : address.getHostAddress();
  }
}
