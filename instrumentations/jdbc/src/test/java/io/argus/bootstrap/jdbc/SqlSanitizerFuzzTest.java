package io.argus.bootstrap.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Property tests: thousands of generated statements whose literals (and comments) carry markers no identifier has —
 * digits, {@code qq}, {@code zz} — so "no literal survived" is simply "the output has none of them", whole or cut.
 */
class SqlSanitizerFuzzTest {
  private static final int STATEMENTS = 5_000;
  private static final List<String> COLUMNS = List.of("id", "name", "city", "total", "paid", "note", "owner", "state");
  private static final List<String> TABLES = List.of("orders", "owners", "shop.pets", "audit", "line_items");

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void noLiteralOrCommentOfAGeneratedStatementSurvivesWholeOrCut(SqlDialect dialect) {
    Random random = new Random(20_240_601L + dialect.ordinal());
    for (int i = 0; i < STATEMENTS; i++) {
      String sql = new Generator(random, dialect).statement();
      assertLiteralFree(sql, SqlSanitizer.sanitize(sql, 1_000_000, dialect));
      int cut = 1 + random.nextInt(sql.length());
      assertLiteralFree(sql + " [cut at " + cut + "]", SqlSanitizer.sanitize(sql, cut, dialect));
    }
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void arbitraryJunkNeverThrowsAndNeverGrows(SqlDialect dialect) {
    Random random = new Random(7 + dialect.ordinal());
    String alphabet = "'\"`$\\-/*#@:?()[]{},;.=+ \n\tabcxyzSELECTFROMINWHERE0123456789éλ中\uD83D\uDE00";
    for (int i = 0; i < STATEMENTS; i++) {
      StringBuilder junk = new StringBuilder();
      int length = random.nextInt(300);
      for (int j = 0; j < length; j++) {
        junk.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String sql = junk.toString();
      assertThatCode(() -> {
        SanitizedSql sanitized = SqlSanitizer.sanitize(sql, 200, dialect);
        assertThat(sanitized.queryText()).isNotNull();
        assertThat(sanitized.queryText().length()).isLessThanOrEqualTo(Math.min(sql.length(), 200));
      }).as(sql).doesNotThrowAnyException();
    }
  }

  /**
   * Linear, not quadratic: each pathological input of 1 MB must take at most 30 times as long as the same input of
   * 100 KB (linear is 10x, quadratic 100x). Measured in thread CPU time, the least of several runs, and measured again
   * (up to five rounds, keeping the least) while the ratio is not met: a loaded machine only ever adds time, so the
   * least is the sanitizer's own cost, and a real quadratic cost fails every round. A ratio, never a wall-clock limit.
   */
  @Test
  void pathologicalInputsTakeLinearTime() {
    List<java.util.function.IntFunction<String>> inputs = List.of(
        n -> "'".repeat(n),
        n -> "''".repeat(n / 2),
        n -> "$a$".repeat(n / 3),
        n -> "$".repeat(n),
        n -> "$" + "t".repeat(60) + "$x".repeat(n / 2),
        n -> "/*".repeat(n / 2),
        n -> "--\n".repeat(n / 3),
        n -> "(".repeat(n),
        n -> "IN (1, ".repeat(n / 7),
        n -> "q'[".repeat(n / 3),
        n -> "\"".repeat(n),
        n -> "a".repeat(n),
        n -> "1".repeat(n),
        n -> "SELECT * FROM t WHERE a = 'x' AND b IN (1, 2, 3) -- c\n".repeat(n / 52));
    for (SqlDialect dialect : SqlDialect.values()) {
      for (java.util.function.IntFunction<String> input : inputs) {
        String small = input.apply(100_000);
        String large = input.apply(1_000_000);
        long smallNanos = Long.MAX_VALUE;
        long largeNanos = Long.MAX_VALUE;
        for (int round = 0; round < 5 && !(largeNanos < 30 * smallNanos); round++) {
          // Below 1 ms of CPU the timer's granularity rules, so the small input counts as at least 1 ms.
          smallNanos = Math.min(smallNanos, Math.max(leastCpuNanos(small, dialect), 1_000_000L));
          largeNanos = Math.min(largeNanos, leastCpuNanos(large, dialect));
        }
        assertThat(largeNanos).as("%s... in %s: 100 KB in %d us, 1 MB in %d us", large.substring(0, 12), dialect,
            smallNanos / 1000, largeNanos / 1000).isLessThan(30 * smallNanos);
      }
    }
  }

  /** The least thread CPU time of three runs, after one that warms up. */
  private static long leastCpuNanos(String sql, SqlDialect dialect) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long least = Long.MAX_VALUE;
    for (int run = 0; run < 4; run++) {
      long start = threads.getCurrentThreadCpuTime();
      SqlSanitizer.sanitize(sql, sql.length(), dialect);
      long elapsed = threads.getCurrentThreadCpuTime() - start;
      if (run > 0) {
        least = Math.min(least, elapsed);
      }
    }
    return least;
  }

  private static void assertLiteralFree(String sql, SanitizedSql sanitized) {
    String text = sanitized.queryText();
    assertThat(text).as(sql).isNotNull();
    String lower = text.toLowerCase(Locale.ROOT);
    assertThat(text.chars().anyMatch(Character::isDigit)).as("digits in %s%nfrom %s", text, sql).isFalse();
    assertThat(lower).as(sql).doesNotContain("qq").doesNotContain("zz").doesNotContain("true")
        .doesNotContain("false");
  }

  /** Statements of a few shapes, with literals of every kind the dialect has, comments and odd spacing. */
  private static final class Generator {
    private final Random random;
    private final SqlDialect dialect;
    private final StringBuilder sql = new StringBuilder();
    private boolean afterWord;

    Generator(Random random, SqlDialect dialect) {
      this.random = random;
      this.dialect = dialect;
    }

    String statement() {
      switch (random.nextInt(5)) {
        case 0 -> {
          word("SELECT").word(column()).punct(",").word(column()).word("FROM").word(table()).word("WHERE");
          condition();
          while (random.nextBoolean()) {
            word(random.nextBoolean() ? "AND" : "OR");
            condition();
          }
        }
        case 1 -> {
          word("INSERT INTO").word(table()).punct("(").word(column()).punct(",").word(column()).punct(")")
              .word("VALUES");
          int rows = 1 + random.nextInt(3);
          for (int r = 0; r < rows; r++) {
            punct(r == 0 ? "(" : ",(").literal().punct(",").literal().punct(")");
          }
        }
        case 2 -> {
          word("UPDATE").word(table()).word("SET").word(column()).punct("=").literal();
          word("WHERE");
          condition();
        }
        case 3 -> {
          word("DELETE FROM").word(table()).word("WHERE").word(column()).word("BETWEEN").literal().word("AND")
              .literal();
        }
        default -> {
          word("SELECT").literal().punct(",").literal().word("FROM").word(table()).word("WHERE").word(column())
              .word("IN").punct("(").literal();
          int more = random.nextInt(6);
          for (int k = 0; k < more; k++) {
            punct(",").literal();
          }
          punct(")");
        }
      }
      if (random.nextInt(4) == 0) {
        comment();
      }
      return sql.toString();
    }

    private void condition() {
      word(column());
      String[] operators = {"=", "<>", "<", ">=", "LIKE", "!="};
      String operator = operators[random.nextInt(operators.length)];
      if (Character.isLetter(operator.charAt(0))) {
        word(operator);
      } else {
        punct(operator);
      }
      literal();
    }

    private String column() {
      return COLUMNS.get(random.nextInt(COLUMNS.size()));
    }

    private String table() {
      return TABLES.get(random.nextInt(TABLES.size()));
    }

    private Generator word(String word) {
      space(true);
      sql.append(word);
      afterWord = true;
      return this;
    }

    private Generator punct(String punct) {
      space(false);
      sql.append(punct);
      afterWord = false;
      return this;
    }

    /** Whitespace, sometimes none, sometimes with a comment in it. */
    private void space(boolean required) {
      int kind = random.nextInt(10);
      if (kind == 0) {
        comment();
        sql.append(random.nextBoolean() ? "\n" : " ");
      } else if (kind == 1) {
        sql.append("\n\t ");
      } else if (required || random.nextBoolean()) {
        sql.append(' ');
      }
    }

    private void comment() {
      String content = "zz secret 'quote\" 123 $$ " + marker();
      if (dialect == SqlDialect.MYSQL && random.nextBoolean()) {
        sql.append(" # ").append(content).append('\n');
      } else if (random.nextBoolean()) {
        sql.append(" -- ").append(content).append('\n');
      } else {
        sql.append(" /* ").append(content.replace("*/", "")).append(" */");
      }
    }

    private Generator literal() {
      space(afterWord); // a literal glued to a word would be part of an identifier: BETWEEN16
      afterWord = false;
      int kinds = dialect == SqlDialect.ANSI ? 12 : 10;
      switch (random.nextInt(kinds)) {
        case 0 -> sql.append(random.nextInt(1_000_000));
        case 1 -> sql.append(random.nextInt(1000)).append('.').append(random.nextInt(1000));
        case 2 -> sql.append('.').append(1 + random.nextInt(9)).append("e-").append(1 + random.nextInt(30));
        case 3 -> sql.append("0x").append(Integer.toHexString(random.nextInt()).toUpperCase(Locale.ROOT));
        case 4 -> sql.append("X'").append(Integer.toHexString(random.nextInt())).append('\'');
        case 5 -> sql.append(random.nextBoolean() ? "TRUE" : "false");
        case 6 -> sql.append(random.nextBoolean() ? "N" : "").append(quoted('\''));
        case 7 -> sql.append(quoted('\''));
        case 8 -> sql.append(dialect == SqlDialect.MYSQL ? quoted('"') : quoted('\''));
        case 9 -> sql.append("-").append(1 + random.nextInt(99));
        case 10 -> sql.append("$$").append(marker()).append(" it's $ 1 $$");
        default -> sql.append("$tag1$").append(marker()).append(" 'x' $$ $tag$ ").append("$tag1$");
      }
      return this;
    }

    /** A string literal with quotes escaped as the dialect wants, and backslashes, unicode and digits in it. */
    private String quoted(char quote) {
      StringBuilder text = new StringBuilder().append(quote).append(marker());
      String pieces = "ab c'\"\\%_é中42;--/**/";
      int length = random.nextInt(12);
      for (int i = 0; i < length; i++) {
        char c = pieces.charAt(random.nextInt(pieces.length()));
        if (c == quote) {
          text.append(dialect.backslashEscapes && random.nextBoolean() ? "\\" + c : "" + c + c);
        } else if (c == '\\' && dialect.backslashEscapes) {
          text.append("\\\\");
        } else {
          text.append(c);
        }
      }
      return text.append(quote).toString();
    }

    private String marker() {
      return "qq" + random.nextInt(100_000);
    }
  }
}
