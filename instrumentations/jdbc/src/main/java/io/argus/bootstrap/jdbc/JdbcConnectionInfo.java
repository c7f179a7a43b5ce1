package io.argus.bootstrap.jdbc;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a connection's JDBC URL says about the database: {@code db.system.name}, {@code db.namespace},
 * {@code server.address}, {@code server.port}, and the SQL dialect for the sanitizer. Worked out once per connection
 * (cached by connection object, weakly) and parsed once per URL (cached by URL text, bounded): never per query.
 *
 * <p>System names are the JDBC sub-protocol names ({@code postgresql}, {@code h2}, {@code hsqldb}, {@code mysql},
 * {@code mariadb}, {@code sqlserver}, {@code oracle}, {@code derby}, {@code sqlite}, {@code db2},
 * {@code clickhouse}, {@code redshift}); any other database is {@code other_sql}. Credentials in a URL are never
 * kept.
 */
public final class JdbcConnectionInfo {
  public static final String OTHER_SQL = "other_sql";

  static final JdbcConnectionInfo UNKNOWN = new JdbcConnectionInfo(OTHER_SQL, null, null, -1);

  /** Distinct URLs in one JVM are few; past this bound a URL is parsed for each new connection instead. */
  private static final int MAX_CACHED_URLS = 256;

  private static final WeakIdentityMap<Object, JdbcConnectionInfo> BY_CONNECTION =
      new WeakIdentityMap<Object, JdbcConnectionInfo>();
  private static final ConcurrentHashMap<String, JdbcConnectionInfo> BY_URL =
      new ConcurrentHashMap<String, JdbcConnectionInfo>();

  private final String system;
  private final String namespace;
  private final String serverAddress;
  private final int serverPort;
  private final SqlDialect dialect;

  JdbcConnectionInfo(String system, String namespace, String serverAddress, int serverPort) {
    this.system = system;
    this.namespace = namespace == null || namespace.isEmpty() ? null : namespace;
    this.serverAddress = serverAddress == null || serverAddress.isEmpty() ? null : serverAddress;
    this.serverPort = this.serverAddress == null ? -1 : serverPort;
    this.dialect = SqlDialect.of(system);
  }

  /** The info of a connection seen before, or null. */
  public static JdbcConnectionInfo cached(Object connection) {
    return BY_CONNECTION.get(connection);
  }

  /** Parses (or finds) the URL's info and remembers it for this connection. */
  public static JdbcConnectionInfo remember(Object connection, String url) {
    JdbcConnectionInfo info = forUrl(url);
    if (connection != null) {
      BY_CONNECTION.put(connection, info);
    }
    return info;
  }

  static JdbcConnectionInfo forUrl(String url) {
    if (url == null) {
      return UNKNOWN;
    }
    JdbcConnectionInfo info = BY_URL.get(url);
    if (info == null) {
      info = parse(url);
      if (BY_URL.size() < MAX_CACHED_URLS) {
        BY_URL.putIfAbsent(url, info);
      }
    }
    return info;
  }

  public String system() {
    return system;
  }

  public String namespace() {
    return namespace;
  }

  public String serverAddress() {
    return serverAddress;
  }

  /** The port, explicit or the system's default; -1 when there is no server address (embedded databases). */
  public int serverPort() {
    return serverPort;
  }

  SqlDialect dialect() {
    return dialect;
  }

  @Override
  public String toString() {
    return system + "(" + namespace + " at " + serverAddress + ":" + serverPort + ")";
  }

  // --- URL parsing --------------------------------------------------------------------------------------------------

  /** Never throws: an unexpected URL gives what could be read, at worst {@code other_sql} alone. */
  static JdbcConnectionInfo parse(String url) {
    try {
      return parseUrl(url.trim());
    } catch (RuntimeException e) {
      return UNKNOWN;
    }
  }

  private static JdbcConnectionInfo parseUrl(String url) {
    if (!startsWithIgnoreCase(url, "jdbc:")) {
      return UNKNOWN;
    }
    String rest = url.substring(5);
    // Wrapping drivers put their own name first: jdbc:p6spy:postgresql://...
    for (String wrapper : new String[] {"p6spy:", "log4jdbc:", "otel:", "tracing:"}) {
      if (startsWithIgnoreCase(rest, wrapper)) {
        rest = rest.substring(wrapper.length());
      }
    }
    int colon = rest.indexOf(':');
    if (colon < 0) {
      return UNKNOWN;
    }
    String protocol = rest.substring(0, colon).toLowerCase(Locale.ROOT);
    String body = rest.substring(colon + 1);
    if (protocol.equals("postgresql") || protocol.equals("pgsql")) {
      return body.startsWith("//")
          ? network("postgresql", body.substring(2), 5432)
          : onLocalhost("postgresql", body, 5432);
    }
    if (protocol.equals("mysql") || protocol.equals("mysql+srv") || protocol.equals("mysqlx")) {
      return mysqlLike("mysql", body);
    }
    if (protocol.equals("mariadb")) {
      return mysqlLike("mariadb", body);
    }
    if (protocol.equals("sqlserver")) {
      return sqlServer(body.startsWith("//") ? body.substring(2) : body);
    }
    if (protocol.equals("jtds")) {
      int slashes = body.indexOf("//");
      return slashes < 0 ? new JdbcConnectionInfo("sqlserver", null, null, -1)
          : network("sqlserver", body.substring(slashes + 2), 1433);
    }
    if (protocol.equals("oracle")) {
      return oracle(body);
    }
    if (protocol.equals("h2")) {
      return h2(body);
    }
    if (protocol.equals("hsqldb")) {
      return hsqldb(body);
    }
    if (protocol.equals("derby")) {
      if (body.startsWith("//")) {
        return network("derby", body.substring(2), 1527);
      }
      String path = beforeAny(body, ";");
      for (String prefix : new String[] {"memory:", "directory:", "classpath:", "jar:"}) {
        if (startsWithIgnoreCase(path, prefix)) {
          path = path.substring(prefix.length());
        }
      }
      return new JdbcConnectionInfo("derby", path, null, -1);
    }
    if (protocol.equals("sqlite")) {
      String path = beforeAny(body, "?");
      return new JdbcConnectionInfo("sqlite", path.equals(":memory:") ? null : path, null, -1);
    }
    if (protocol.equals("db2")) {
      return body.startsWith("//") ? network("db2", body.substring(2), 50000) : onLocalhost("db2", body, 50000);
    }
    if (protocol.equals("clickhouse") || protocol.equals("ch")) {
      int slashes = body.indexOf("//");
      return slashes < 0 ? new JdbcConnectionInfo("clickhouse", null, null, -1)
          : network("clickhouse", body.substring(slashes + 2), 8123);
    }
    if (protocol.equals("redshift")) {
      return body.startsWith("//") ? network("redshift", body.substring(2), 5439) : onLocalhost("redshift", body, 5439);
    }
    return UNKNOWN;
  }

  /** {@code [user[:password]@]host[:port][,host2...][/database][?|;properties]}. */
  private static JdbcConnectionInfo network(String system, String afterSlashes, int defaultPort) {
    int authorityEnd = indexOfAny(afterSlashes, "/?;");
    String authority = authorityEnd < 0 ? afterSlashes : afterSlashes.substring(0, authorityEnd);
    String database = null;
    if (authorityEnd >= 0 && afterSlashes.charAt(authorityEnd) == '/') {
      database = beforeAny(afterSlashes.substring(authorityEnd + 1), "?;");
    }
    return withHost(system, database, authority, defaultPort);
  }

  /** {@code jdbc:postgresql:database}: the database on localhost at the default port. */
  private static JdbcConnectionInfo onLocalhost(String system, String body, int defaultPort) {
    return new JdbcConnectionInfo(system, beforeAny(body, "?;"), "localhost", defaultPort);
  }

  private static JdbcConnectionInfo withHost(String system, String database, String authority, int defaultPort) {
    String hostPort = authority.substring(authority.lastIndexOf('@') + 1); // credentials are dropped
    int comma = hostPort.indexOf(',');
    if (comma >= 0) {
      hostPort = hostPort.substring(0, comma); // the first of several hosts
    }
    String host = hostPort;
    int port = defaultPort;
    if (hostPort.startsWith("[")) {
      int close = hostPort.indexOf(']');
      host = close < 0 ? hostPort.substring(1) : hostPort.substring(1, close);
      if (close >= 0 && close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
        port = port(hostPort.substring(close + 2), defaultPort);
      }
    } else {
      int portColon = hostPort.lastIndexOf(':');
      if (portColon >= 0) {
        host = hostPort.substring(0, portColon);
        port = port(hostPort.substring(portColon + 1), defaultPort);
      }
    }
    return new JdbcConnectionInfo(system, database, host.isEmpty() ? null : host, port);
  }

  /** MySQL and MariaDB: optional mode ({@code loadbalance:}, ...), {@code address=(host=..)(port=..)} hosts. */
  private static JdbcConnectionInfo mysqlLike(String system, String body) {
    int slashes = body.indexOf("//");
    if (slashes < 0) {
      return new JdbcConnectionInfo(system, null, null, -1);
    }
    String afterSlashes = body.substring(slashes + 2);
    if (startsWithIgnoreCase(afterSlashes, "address=") || afterSlashes.startsWith("(")) {
      int slash = afterSlashes.indexOf(")/");
      String database = slash < 0 ? null : beforeAny(afterSlashes.substring(slash + 2), "?;");
      String host = property(afterSlashes, "host");
      return new JdbcConnectionInfo(system, database, host, port(property(afterSlashes, "port"), 3306));
    }
    return network(system, afterSlashes, 3306);
  }

  /** {@code host[\instance][:port][;databaseName=db;...]}, or {@code ;serverName=...;portNumber=...}. */
  private static JdbcConnectionInfo sqlServer(String body) {
    int semicolon = body.indexOf(';');
    String authority = semicolon < 0 ? body : body.substring(0, semicolon);
    String properties = semicolon < 0 ? "" : body.substring(semicolon);
    String host = authority;
    int port = 1433;
    int portColon = authority.lastIndexOf(':');
    if (portColon >= 0) {
      host = authority.substring(0, portColon);
      port = port(authority.substring(portColon + 1), 1433);
    }
    int backslash = host.indexOf('\\');
    if (backslash >= 0) {
      host = host.substring(0, backslash); // the named instance is not part of the address
    }
    if (host.isEmpty()) {
      host = semicolonProperty(properties, "serverName");
      port = port(semicolonProperty(properties, "portNumber"), port);
    }
    String database = semicolonProperty(properties, "databaseName");
    if (database == null) {
      database = semicolonProperty(properties, "database");
    }
    return new JdbcConnectionInfo("sqlserver", database, host, port);
  }

  /**
   * {@code thin:@host:port:SID}, {@code thin:@//host:port/service}, {@code thin:user/pass@host:port/service},
   * {@code thin:@(DESCRIPTION=...(HOST=h)(PORT=p)...(SERVICE_NAME=s))}; a bare TNS alias gives no address.
   */
  private static JdbcConnectionInfo oracle(String body) {
    int at = body.lastIndexOf('@'); // a password may contain '@'
    if (at < 0) {
      return new JdbcConnectionInfo("oracle", null, null, -1);
    }
    String target = beforeAny(body.substring(at + 1), "?");
    if (target.startsWith("(")) {
      String service = property(target, "service_name");
      return new JdbcConnectionInfo("oracle", service != null ? service : property(target, "sid"),
          property(target, "host"), port(property(target, "port"), 1521));
    }
    if (target.startsWith("//")) {
      return network("oracle", target.substring(2), 1521);
    }
    String[] parts = target.split(":");
    if (parts.length == 1 && target.indexOf('/') < 0) {
      return new JdbcConnectionInfo("oracle", target, null, -1); // a TNS alias
    }
    if (parts.length >= 3) {
      return new JdbcConnectionInfo("oracle", parts[2], parts[0], port(parts[1], 1521));
    }
    return network("oracle", target, 1521);
  }

  /** {@code mem:name}, {@code file:path}, {@code path}, {@code tcp://host[:port]/path}, {@code ssl://...}. */
  private static JdbcConnectionInfo h2(String body) {
    String url = beforeAny(body, ";");
    if (startsWithIgnoreCase(url, "tcp:") || startsWithIgnoreCase(url, "ssl:")) {
      String remote = url.substring(4);
      return network("h2", remote.startsWith("//") ? remote.substring(2) : remote, 9092);
    }
    for (String prefix : new String[] {"mem:", "file:", "zip:", "nio:", "nioMapped:", "split:", "async:"}) {
      if (startsWithIgnoreCase(url, prefix)) {
        url = url.substring(prefix.length());
      }
    }
    return new JdbcConnectionInfo("h2", url, null, -1);
  }

  /** {@code mem:name}, {@code file:path}, {@code res:path}, {@code hsql://host[:port]/db}, {@code http://...}. */
  private static JdbcConnectionInfo hsqldb(String body) {
    String url = beforeAny(body, ";");
    String[][] remotes = {{"hsql://", "9001"}, {"hsqls://", "554"}, {"http://", "80"}, {"https://", "443"}};
    for (String[] remote : remotes) {
      if (startsWithIgnoreCase(url, remote[0])) {
        return network("hsqldb", url.substring(remote[0].length()), Integer.parseInt(remote[1]));
      }
    }
    for (String prefix : new String[] {"mem:", "file:", "res:"}) {
      if (startsWithIgnoreCase(url, prefix)) {
        url = url.substring(prefix.length());
      }
    }
    return new JdbcConnectionInfo("hsqldb", url, null, -1);
  }

  // --- small text helpers -------------------------------------------------------------------------------------------

  /** The value of {@code (key=value)} in Oracle descriptors and MySQL address lists, case-insensitively. */
  private static String property(String text, String key) {
    String lower = text.toLowerCase(Locale.ROOT);
    int start = lower.indexOf("(" + key + "=");
    if (start < 0) {
      return null;
    }
    start += key.length() + 2;
    int end = indexOfAny(text.substring(start), ")");
    return (end < 0 ? text.substring(start) : text.substring(start, start + end)).trim();
  }

  /** The value of {@code ;key=value} (SQL Server properties), case-insensitively. */
  private static String semicolonProperty(String properties, String key) {
    for (String pair : properties.split(";")) {
      int equals = pair.indexOf('=');
      if (equals > 0 && pair.substring(0, equals).trim().equalsIgnoreCase(key)) {
        String value = pair.substring(equals + 1).trim();
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  private static int port(String text, int defaultPort) {
    if (text == null) {
      return defaultPort;
    }
    try {
      int port = Integer.parseInt(text.trim());
      return port > 0 && port <= 65535 ? port : defaultPort;
    } catch (NumberFormatException e) {
      return defaultPort;
    }
  }

  private static boolean startsWithIgnoreCase(String text, String prefix) {
    return text.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String beforeAny(String text, String characters) {
    int end = indexOfAny(text, characters);
    return end < 0 ? text : text.substring(0, end);
  }
}
