package io.argus.bootstrap.jdbc;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Sanitized SQL by SQL string, so a statement text is parsed once, not per execution: prepared statements get theirs
 * at {@code prepareStatement} time, and the same plain SQL run again is a map lookup.
 *
 * <p>Bounded, approximately least-recently-used, without locks: entries live in a young and an old generation; a hit
 * in the old one moves the entry to the young one, and when the young one is full it becomes the old one and the
 * previous old one is dropped. So at most {@code capacity} entries, the hot ones survive a flood of one-off
 * statements (SQL built with inlined literals), and each entry holds at most {@code maxLength} characters of
 * sanitized text. SQL longer than {@code maxLength} is not cached: it is cut before sanitizing anyway, and keeping a
 * huge key would defeat the bound.
 */
public final class SanitizedSqlCache {
  public static final int DEFAULT_MAX_LENGTH = 4096;
  public static final int DEFAULT_CAPACITY = 1000;

  private static volatile int maxLength = DEFAULT_MAX_LENGTH;
  private static volatile Generations ansi = new Generations(DEFAULT_CAPACITY);
  private static volatile Generations mysql = new Generations(DEFAULT_CAPACITY);
  private static volatile Generations sqlServer = new Generations(DEFAULT_CAPACITY);

  private SanitizedSqlCache() {}

  /** From {@code argus.jdbc.sql.max.length} and {@code argus.jdbc.sql.cache.size}; a capacity below 2 turns it off. */
  public static void configure(int newMaxLength, int capacity) {
    maxLength = newMaxLength;
    ansi = new Generations(capacity);
    mysql = new Generations(capacity);
    sqlServer = new Generations(capacity);
  }

  /** The sanitized form of {@code sql}, from the cache or freshly made. Never null, never throws. */
  public static SanitizedSql get(String sql, SqlDialect dialect) {
    if (sql == null) {
      return SanitizedSql.UNKNOWN;
    }
    int limit = maxLength;
    Generations cache = dialect == SqlDialect.MYSQL ? mysql : dialect == SqlDialect.SQL_SERVER ? sqlServer : ansi;
    if (sql.length() > limit || cache.half == 0) {
      return SqlSanitizer.sanitize(sql, limit, dialect);
    }
    SanitizedSql cached = cache.get(sql);
    if (cached == null) {
      cached = SqlSanitizer.sanitize(sql, limit, dialect);
      cache.put(sql, cached);
    }
    return cached;
  }

  /** Characters of SQL kept before sanitizing (argus.jdbc.sql.max.length). */
  public static int maxLength() {
    return maxLength;
  }

  static int size(SqlDialect dialect) {
    Generations cache = dialect == SqlDialect.MYSQL ? mysql : dialect == SqlDialect.SQL_SERVER ? sqlServer : ansi;
    return cache.young.size() + cache.old.size();
  }

  /** Two maps of at most {@code capacity / 2} entries each. Races only cost an extra parse. */
  private static final class Generations {
    final int half;
    volatile ConcurrentHashMap<String, SanitizedSql> young;
    volatile ConcurrentHashMap<String, SanitizedSql> old;

    Generations(int capacity) {
      this.half = Math.max(0, capacity / 2);
      this.young = new ConcurrentHashMap<String, SanitizedSql>();
      this.old = new ConcurrentHashMap<String, SanitizedSql>();
    }

    SanitizedSql get(String sql) {
      SanitizedSql value = young.get(sql);
      if (value == null) {
        value = old.get(sql);
        if (value != null) {
          put(sql, value); // still in use: promote it
        }
      }
      return value;
    }

    void put(String sql, SanitizedSql value) {
      ConcurrentHashMap<String, SanitizedSql> current = young;
      if (current.size() >= half) {
        synchronized (this) {
          if (young == current) {
            old = current;
            young = current = new ConcurrentHashMap<String, SanitizedSql>();
          } else {
            current = young;
          }
        }
      }
      current.put(sql, value);
    }
  }
}
