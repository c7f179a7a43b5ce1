package io.argus.bootstrap.jdkhttpurlconnection;

import io.argus.bootstrap.CallDepth;
import io.argus.bootstrap.InstrumentationErrors;
import io.argus.bootstrap.http.HttpClientCall;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The CLIENT span of each {@link HttpURLConnection}. A connection sends one request, but the application reaches it
 * through several methods, in any order, that call one another (getResponseCode calls getInputStream, which calls
 * connect, which follows redirects...). So:
 *
 * <ul>
 *   <li>the first outermost connect / getOutputStream / getInputStream on a connection starts the span and sets the
 *       trace headers as request properties, before anything is written;
 *   <li>the outermost getInputStream ends it when it returns or throws, with the final response code;
 *   <li>a connect or getOutputStream that throws ends it with the exception (nothing was answered);
 *   <li>disconnect ends a span still open (a request whose response was never read).
 * </ul>
 *
 * The span of a connection lives in a weak map keyed by the connection: the agent cannot add a field to a JDK class
 * that may already be loaded. Connections do not override equals, so the map works by identity.
 */
public final class UrlConnectionCalls {
  private static final String INSTRUMENTATION = "jdk-httpurlconnection";
  private static final CallDepth DEPTH = new CallDepth();
  /** In the map once a connection's span has ended: later calls only read the response already received. */
  private static final Object ENDED = new Object();

  private static final Map<HttpURLConnection, Object> CALLS =
      Collections.synchronizedMap(new WeakHashMap<HttpURLConnection, Object>());

  private UrlConnectionCalls() {}

  /** Enter of connect, getOutputStream and getInputStream. */
  public static void enter(HttpURLConnection connection) {
    if (DEPTH.increment() > 0) {
      return;
    }
    try {
      synchronized (CALLS) {
        if (CALLS.containsKey(connection)) {
          return;
        }
        CALLS.put(connection, ENDED); // until the call exists: a failure below must not retry on every method
      }
      URL url = connection.getURL();
      int port = url.getPort() > 0 ? url.getPort() : url.getDefaultPort();
      HttpClientCall call =
          HttpClientCall.startDetached(connection.getRequestMethod(), url.toString(), url.getHost(), port);
      if (call == null || call == HttpClientCall.NESTED) {
        return;
      }
      CALLS.put(connection, call);
      String[] headers = call.headersToInject();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        connection.setRequestProperty(headers[i], headers[i + 1]);
      }
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }

  /**
   * Exit of connect, getOutputStream ({@code readsResponse} false) and getInputStream (true). {@code responseCode} is
   * the connection's field: the final status after redirects, or -1 when nothing was answered.
   */
  public static void exit(HttpURLConnection connection, boolean readsResponse, int responseCode, Throwable thrown) {
    if (DEPTH.decrement() > 0) {
      return;
    }
    if (readsResponse || thrown != null) {
      end(connection, responseCode, thrown);
    }
  }

  /** Enter of disconnect: a request whose response nobody read still gets its span ended. */
  public static void disconnect(HttpURLConnection connection, int responseCode) {
    end(connection, responseCode, null);
  }

  private static void end(HttpURLConnection connection, int responseCode, Throwable thrown) {
    try {
      Object state;
      synchronized (CALLS) {
        state = CALLS.get(connection);
        if (!(state instanceof HttpClientCall)) {
          return;
        }
        CALLS.put(connection, ENDED);
      }
      // getInputStream throws FileNotFoundException for a 404 and an IOException for a 500: with a status, that is
      // the server's answer (error status from the code), not a transport failure to record as an exception.
      ((HttpClientCall) state).endDetached(responseCode, responseCode > 0 ? null : thrown);
    } catch (Throwable t) {
      InstrumentationErrors.record(INSTRUMENTATION, t);
    }
  }
}
