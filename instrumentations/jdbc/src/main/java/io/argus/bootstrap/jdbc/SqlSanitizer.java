package io.argus.bootstrap.jdbc;

import io.argus.bootstrap.InstrumentationErrors;
import java.util.Locale;

/**
 * Makes SQL safe to export: every literal becomes {@code ?} — strings (with doubled or, in MySQL, backslash-escaped
 * quotes; {@code E''}, {@code N''}, {@code X''}, {@code B''}, {@code U&''}, Oracle {@code q'[...]'} and MySQL
 * {@code _charset''} forms), numbers, hex and binary literals, PostgreSQL dollar-quoted strings, and {@code TRUE} /
 * {@code FALSE} except after {@code IS} — comments are removed, whitespace collapses to one space, and
 * {@code IN (?, ?, ?)} becomes {@code IN (?)}. In the same pass it reads the operation and the first table.
 *
 * <p>A hand-written scanner, one pass and no regular expressions: the time is linear in the length, and the length is
 * bounded because the input is cut at {@code maxLength} first. Anything it cannot make sense of — an unterminated
 * string, comment or quoted identifier — is masked up to the end, so a malformed statement yields less text, never a
 * literal. It never throws.
 */
public final class SqlSanitizer {
  /** A table name longer than this is not a table name worth a metric label. */
  static final int MAX_NAME_LENGTH = 128;

  /** Longer dollar-quote tags are not treated as tags, which keeps the search for the closing tag linear. */
  private static final int MAX_DOLLAR_TAG = 64;

  private SqlSanitizer() {}

  /**
   * @param sql the statement as the application wrote it; null gives an unknown statement
   * @param maxLength characters kept before sanitizing; a literal cut in two is masked like an unterminated one
   */
  public static SanitizedSql sanitize(String sql, int maxLength, SqlDialect dialect) {
    if (sql == null) {
      return SanitizedSql.UNKNOWN;
    }
    try {
      return new Scanner(truncate(sql, maxLength), dialect == null ? SqlDialect.ANSI : dialect).run();
    } catch (Throwable t) {
      InstrumentationErrors.record("jdbc", t);
      return SanitizedSql.UNREADABLE;
    }
  }

  static String truncate(String sql, int maxLength) {
    if (maxLength <= 0 || sql.length() <= maxLength) {
      return sql;
    }
    int end = maxLength;
    if (Character.isHighSurrogate(sql.charAt(end - 1))) {
      end--; // never keep half a character
    }
    return sql.substring(0, end);
  }

  /** One pass over one statement. Not thread-safe; one instance per call. */
  private static final class Scanner {
    private final String s;
    private final int n;
    private final SqlDialect dialect;
    private final StringBuilder out;
    private boolean pendingSpace;

    // IN-list collapsing: IN ( value [, value]* ) is cut back to IN ( value ) at the closing parenthesis.
    private static final int IN_NONE = 0;
    private static final int IN_KEYWORD = 1;
    private static final int IN_OPEN = 2;
    private static final int IN_VALUE = 3;
    private static final int IN_COMMA = 4;
    private int inState = IN_NONE;
    private int firstValueEnd;

    // The last two bare words, upper case: TRUE after IS (or IS NOT) is a predicate, not a value.
    private String lastWord;
    private String wordBeforeLast;

    private final OperationReader reader = new OperationReader();

    Scanner(String s, SqlDialect dialect) {
      this.s = s;
      this.n = s.length();
      this.dialect = dialect;
      this.out = new StringBuilder(Math.min(n, 4096));
    }

    SanitizedSql run() {
      int i = 0;
      while (i < n) {
        char c = s.charAt(i);
        if (c <= ' ' || Character.isWhitespace(c)) {
          pendingSpace = true;
          i++;
        } else if (c == '-' && next(i) == '-') {
          i = endOfLine(i);
          pendingSpace = true;
        } else if (c == '/' && next(i) == '*') {
          int close = s.indexOf("*/", i + 2);
          i = close < 0 ? n : close + 2;
          pendingSpace = true;
        } else if (c == '#' && dialect.hashComments) {
          i = endOfLine(i);
          pendingSpace = true;
        } else if (c == '\'') {
          i = literal(quoted(i, '\'', dialect.backslashEscapes));
        } else if (c == '"') {
          i = dialect.doubleQuotedStrings ? literal(quoted(i, '"', true)) : quotedIdentifier(i, '"');
        } else if (c == '`') {
          i = quotedIdentifier(i, '`');
        } else if (c == '[' && dialect == SqlDialect.SQL_SERVER) {
          i = quotedIdentifier(i, ']');
        } else if (c == '$') {
          i = dollar(i);
        } else if (isDigit(c) || (c == '.' && isDigit(next(i)))) {
          i = literal(number(i));
        } else if ((c == '-' || c == '+') && expectingInValue() && startsNumber(i + 1)) {
          i = literal(number(i + 1)); // IN (-1, 2): the sign belongs to the value
        } else if (isIdentifierStart(c)) {
          i = word(i);
        } else if (c == '?') {
          value(i, i + 1);
          i++;
        } else if (c == ':' && isIdentifierStart(next(i)) && (i == 0 || s.charAt(i - 1) != ':')) {
          int end = identifierEnd(i + 1);
          value(i, end); // a named parameter, :id
          i = end;
        } else {
          punctuation(c);
          i++;
        }
      }
      return new SanitizedSql(out.toString(), reader.operation, reader.collection(), reader.procedure());
    }

    // --- lexing -------------------------------------------------------------------------------------------------

    private char next(int i) {
      return i + 1 < n ? s.charAt(i + 1) : '\0';
    }

    private int endOfLine(int i) {
      while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
        i++;
      }
      return i;
    }

    /** The end (exclusive) of a quoted run starting at {@code start}; the end of input when unterminated. */
    private int quoted(int start, char quote, boolean backslashEscapes) {
      int i = start + 1;
      while (i < n) {
        char c = s.charAt(i);
        if (c == '\\' && backslashEscapes) {
          i += 2;
        } else if (c == quote) {
          if (i + 1 < n && s.charAt(i + 1) == quote) {
            i += 2; // a doubled quote stands for one quote
          } else {
            return i + 1;
          }
        } else {
          i++;
        }
      }
      return n;
    }

    private int quotedIdentifier(int start, char close) {
      int end = quoted(start, close, false);
      if (end == n && (end - start < 2 || s.charAt(end - 1) != close)) {
        // Unterminated: whatever follows may be literals swallowed into it.
        return literal(n);
      }
      emit(s.substring(start, end));
      noteIdentifier(s.substring(start, end));
      return end;
    }

    /** {@code $1} parameters, {@code $$...$$} and {@code $tag$...$tag$} strings, else an ordinary character. */
    private int dollar(int start) {
      if (isDigit(next(start))) {
        int end = start + 1;
        while (end < n && isDigit(s.charAt(end))) {
          end++;
        }
        value(start, end);
        return end;
      }
      int tagEnd = start + 1;
      while (tagEnd < n && tagEnd - start <= MAX_DOLLAR_TAG && isTagChar(s.charAt(tagEnd), tagEnd == start + 1)) {
        tagEnd++;
      }
      if (tagEnd == n && tagEnd > start + 1) {
        return literal(n); // the opening tag of a dollar-quoted string cut by the length limit
      }
      if (tagEnd < n && s.charAt(tagEnd) == '$') {
        String tag = s.substring(start, tagEnd + 1);
        int close = s.indexOf(tag, tagEnd + 1);
        return literal(close < 0 ? n : close + tag.length());
      }
      punctuation('$');
      return start + 1;
    }

    private int number(int start) {
      int i = start;
      char c = s.charAt(i);
      char x = next(i);
      if (c == '0' && (x == 'x' || x == 'X' || x == 'b' || x == 'B')) {
        i += 2;
      } else {
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
        if (i < n && s.charAt(i) == '.') {
          i++;
          while (i < n && isDigit(s.charAt(i))) {
            i++;
          }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
          int exponent = i + 1;
          if (exponent < n && (s.charAt(exponent) == '+' || s.charAt(exponent) == '-')) {
            exponent++;
          }
          if (exponent < n && isDigit(s.charAt(exponent))) {
            i = exponent;
          }
        }
      }
      // 0x1F, 1e5f, 12L, MySQL's 1abc identifiers: masking the whole run is the safe reading.
      return identifierEnd(i);
    }

    private boolean startsNumber(int i) {
      return i < n && (isDigit(s.charAt(i)) || (s.charAt(i) == '.' && isDigit(next(i))));
    }

    private int word(int start) {
      int end = identifierEnd(start + 1);
      int length = end - start;
      char first = s.charAt(start);
      if (end < n && s.charAt(end) == '\'') {
        // Prefixed strings: E'..' (backslash escapes), N'..', X'..', B'..', MySQL's _utf8mb4'..', Oracle's q'[..]'.
        if (length == 1 && (first == 'e' || first == 'E')) {
          return literal(quoted(end, '\'', true));
        }
        if ((length == 1 && "nNxXbB".indexOf(first) >= 0) || first == '_') {
          return literal(quoted(end, '\'', dialect.backslashEscapes));
        }
        boolean oracleQuote = (length == 1 && (first == 'q' || first == 'Q'))
            || (length == 2 && (first == 'n' || first == 'N') && (s.charAt(start + 1) | 0x20) == 'q');
        if (oracleQuote) {
          return literal(oracleQuoted(end));
        }
      }
      if (length == 1 && (first == 'u' || first == 'U') && end + 1 < n && s.charAt(end) == '&'
          && s.charAt(end + 1) == '\'') {
        return literal(quoted(end + 1, '\'', false));
      }
      String text = s.substring(start, end);
      String upper = text.toUpperCase(Locale.ROOT);
      if (("TRUE".equals(upper) || "FALSE".equals(upper)) && !afterIs()) {
        return literal(end);
      }
      emit(text);
      wordBeforeLast = lastWord;
      lastWord = upper;
      inState = "IN".equals(upper) ? IN_KEYWORD : IN_NONE;
      reader.onWord(upper, text);
      return end;
    }

    /** Oracle's q'Xtext X' where X is any character, or the closing one of (, [, {, &lt;. */
    private int oracleQuoted(int quote) {
      if (quote + 1 >= n) {
        return n;
      }
      char open = s.charAt(quote + 1);
      char close = open == '[' ? ']' : open == '(' ? ')' : open == '{' ? '}' : open == '<' ? '>' : open;
      for (int i = quote + 2; i + 1 < n; i++) {
        if (s.charAt(i) == close && s.charAt(i + 1) == '\'') {
          return i + 2;
        }
      }
      return n;
    }

    private boolean afterIs() {
      return "IS".equals(lastWord) || ("NOT".equals(lastWord) && "IS".equals(wordBeforeLast));
    }

    private int identifierEnd(int i) {
      while (i < n && isIdentifierPart(s.charAt(i))) {
        i++;
      }
      return i;
    }

    private boolean isIdentifierStart(char c) {
      if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
            || (c == '@' && dialect != SqlDialect.ANSI) || (c == '#' && dialect == SqlDialect.SQL_SERVER);
      }
      return Character.isLetter(c);
    }

    private boolean isIdentifierPart(char c) {
      if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$'
            || ((c == '@' || c == '#') && dialect == SqlDialect.SQL_SERVER);
      }
      return Character.isLetterOrDigit(c);
    }

    private static boolean isTagChar(char c, boolean first) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9')
          || (c >= 0x80 && Character.isLetter(c));
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    // --- output -------------------------------------------------------------------------------------------------

    private void emit(String text) {
      space();
      out.append(text);
    }

    private void space() {
      if (pendingSpace && out.length() > 0) {
        out.append(' ');
      }
      pendingSpace = false;
    }

    /** A literal that ends at {@code end}: written as one {@code ?}. Returns {@code end}. */
    private int literal(int end) {
      space();
      out.append('?');
      afterValue();
      return end;
    }

    /** A bind parameter ({@code ?}, {@code $1}, {@code :name}): kept, and a value for IN-list collapsing. */
    private void value(int start, int end) {
      space();
      out.append(s, start, end);
      afterValue();
    }

    private void afterValue() {
      if (inState == IN_OPEN) {
        firstValueEnd = out.length();
        inState = IN_VALUE;
      } else if (inState == IN_COMMA) {
        inState = IN_VALUE;
      } else {
        inState = IN_NONE;
      }
      lastWord = null;
      reader.onOther();
    }

    private boolean expectingInValue() {
      return inState == IN_OPEN || inState == IN_COMMA;
    }

    private void noteIdentifier(String text) {
      inState = IN_NONE;
      lastWord = null;
      reader.onIdentifier(text);
    }

    private void punctuation(char c) {
      if (c == ')' && inState == IN_VALUE) {
        out.setLength(firstValueEnd); // IN (?, ?, ?) -> IN (?)
        pendingSpace = false;
      }
      space();
      out.append(c);
      if (c == '(' && inState == IN_KEYWORD) {
        inState = IN_OPEN;
      } else if (c == ',' && inState == IN_VALUE) {
        inState = IN_COMMA;
      } else {
        inState = IN_NONE;
      }
      lastWord = null;
      reader.onPunctuation(c);
    }
  }

  /**
   * Reads {@code db.operation.name} and {@code db.collection.name} from the token stream: the first keyword (the
   * main one after a {@code WITH} clause), then the first table after {@code FROM} at the level of the main
   * {@code SELECT}, after {@code INTO} for {@code INSERT}/{@code MERGE}, after {@code UPDATE}, {@code DELETE FROM},
   * {@code TRUNCATE}, {@code CREATE/DROP/ALTER TABLE}; the procedure after {@code CALL}/{@code EXEC}.
   */
  private static final class OperationReader {
    private static final int OPERATION = 0;
    private static final int WITH = 1;
    private static final int FROM = 2;
    private static final int NAME = 3;
    private static final int NAME_DOT = 4;
    private static final int NAME_PART = 5;
    private static final int DELETE = 6;
    private static final int DDL_OBJECT = 7;
    private static final int DONE = 8;

    private int state = OPERATION;
    private int depth;
    private int operationDepth;
    private String skip = "";
    private boolean procedure;
    private StringBuilder name;
    String operation;

    void onWord(String upper, String text) {
      switch (state) {
        case OPERATION:
          operation(upper);
          break;
        case WITH:
          if (depth == 0 && isMainAfterWith(upper)) {
            operation(upper);
          }
          break;
        case FROM:
          if ("FROM".equals(upper) && depth == operationDepth) {
            expectName(" ONLY LATERAL ");
          }
          break;
        case DELETE:
          if ("FROM".equals(upper)) {
            expectName(" ONLY ");
          } else if (!contains(" LOW_PRIORITY QUICK IGNORE ", upper)) {
            startName(text); // DELETE t WHERE ... (SQL Server), DELETE t FROM t JOIN ... (MySQL)
          }
          break;
        case DDL_OBJECT:
          if ("TABLE".equals(upper)) {
            expectName(" IF NOT EXISTS ONLY ");
          } else if (!contains(" OR REPLACE TEMP TEMPORARY GLOBAL LOCAL UNLOGGED CACHED MEMORY TEXT EXTERNAL ",
              upper)) {
            state = DONE;
          }
          break;
        case NAME:
          if (!contains(skip, upper)) {
            startName(text);
          }
          break;
        case NAME_PART:
          appendName(text);
          break;
        default:
          state = state == NAME_DOT ? DONE : state;
      }
    }

    void onIdentifier(String text) {
      if (state == NAME || state == DELETE) {
        startName(text);
      } else if (state == NAME_PART) {
        appendName(text);
      } else if (state == NAME_DOT || state == OPERATION) {
        state = DONE;
      }
    }

    void onPunctuation(char c) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (state == NAME_DOT && c == '.') {
        state = NAME_PART;
      } else if (state == NAME || state == NAME_DOT || state == NAME_PART || state == DELETE) {
        state = DONE; // FROM (SELECT ...), INSERT INTO t (a, b)
      }
      // In OPERATION state, '(' '{' '?' '=' before the keyword are allowed: (SELECT ...), {call p(?)}, {? = call f}.
    }

    void onOther() {
      if (state == NAME || state == NAME_DOT || state == NAME_PART) {
        state = DONE;
      }
    }

    private void operation(String upper) {
      operationDepth = depth;
      if ("WITH".equals(upper)) {
        state = WITH;
        return;
      }
      operation = knownOperation(upper);
      if (operation == null) {
        state = DONE;
      } else if ("SELECT".equals(operation)) {
        state = FROM;
      } else if ("INSERT".equals(operation) || "REPLACE".equals(operation) || "UPSERT".equals(operation)) {
        expectName(" INTO IGNORE LOW_PRIORITY DELAYED HIGH_PRIORITY OR REPLACE ROLLBACK ABORT FAIL OVERWRITE TABLE ");
      } else if ("UPDATE".equals(operation)) {
        expectName(" ONLY LOW_PRIORITY IGNORE OR REPLACE ROLLBACK ABORT FAIL ");
      } else if ("MERGE".equals(operation)) {
        expectName(" INTO ");
      } else if ("DELETE".equals(operation)) {
        state = DELETE;
      } else if ("TRUNCATE".equals(operation)) {
        expectName(" TABLE ONLY ");
      } else if ("CREATE".equals(operation) || "DROP".equals(operation) || "ALTER".equals(operation)) {
        state = DDL_OBJECT;
      } else if ("CALL".equals(operation) || "EXEC".equals(operation) || "EXECUTE".equals(operation)) {
        procedure = true;
        expectName("");
      } else {
        state = DONE;
      }
    }

    private static boolean isMainAfterWith(String upper) {
      return "SELECT".equals(upper) || "INSERT".equals(upper) || "UPDATE".equals(upper) || "DELETE".equals(upper)
          || "MERGE".equals(upper);
    }

    /** Only keywords become operation names: the metric label stays bounded whatever the input. */
    private static String knownOperation(String upper) {
      return contains(" SELECT INSERT UPDATE DELETE MERGE UPSERT REPLACE CALL EXEC EXECUTE CREATE DROP ALTER TRUNCATE"
          + " BEGIN START COMMIT ROLLBACK SAVEPOINT RELEASE SET SHOW DESCRIBE EXPLAIN GRANT REVOKE LOCK UNLOCK USE"
          + " VALUES ANALYZE VACUUM COPY DECLARE PREPARE DEALLOCATE COMMENT RENAME REFRESH LISTEN NOTIFY ", upper)
          ? upper : null;
    }

    private static boolean contains(String list, String word) {
      return list.contains(" " + word + " ");
    }

    private void expectName(String skipWords) {
      skip = skipWords;
      state = NAME;
    }

    private void startName(String text) {
      name = new StringBuilder(text);
      state = NAME_DOT;
    }

    private void appendName(String text) {
      name.append('.').append(text);
      state = NAME_DOT;
    }

    private String name() {
      if (name == null || name.length() > SqlSanitizer.MAX_NAME_LENGTH
          || (state != NAME_DOT && state != DONE)) {
        return null;
      }
      return name.toString();
    }

    String collection() {
      return procedure ? null : name();
    }

    String procedure() {
      return procedure ? name() : null;
    }
  }
}
