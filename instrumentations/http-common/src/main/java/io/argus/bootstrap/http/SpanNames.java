package io.argus.bootstrap.http;

/**
 * SERVER span names, {@code "METHOD route"}, made once per method and route instead of concatenated per request. A
 * small table indexed by hash, holding the latest name per slot; racy on purpose: a reader sees an entry whole
 * (final fields) or misses and concatenates again. Routes are templates, so a service has few of them.
 */
final class SpanNames {
  private static final int SLOTS = 128; // a power of two
  /** Longer routes (a path nothing templated) are concatenated each time rather than kept. */
  private static final int MAX_CACHED_ROUTE_LENGTH = 256;
  private static final Entry[] TABLE = new Entry[SLOTS];

  private SpanNames() {}

  /** {@code method + " " + route}; {@code method} is one of {@link HttpMethods}'s constants. */
  static String of(String method, String route) {
    if (route.length() > MAX_CACHED_ROUTE_LENGTH) {
      return method + " " + route;
    }
    int slot = (route.hashCode() * 31 + method.hashCode()) & (SLOTS - 1);
    Entry entry = TABLE[slot];
    if (entry != null && entry.method == method && entry.route.equals(route)) {
      return entry.name;
    }
    String name = method + " " + route;
    TABLE[slot] = new Entry(method, route, name);
    return name;
  }

  private static final class Entry {
    final String method;
    final String route;
    final String name;

    Entry(String method, String route, String name) {
      this.method = method;
      this.route = route;
      this.name = name;
    }
  }
}
