package io.argus.instrumentation.capabilities;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One configured capability rule: which classes, which of their methods, and how the agent is named.
 *
 * <pre>
 * com.acme.agents.ResearchAgent[research,plan]        two methods of one class
 * com.acme.agents.*Agent[*]                           every public method of the matching classes of one package
 * com.acme.**Agent[run]                               '**' also crosses package boundaries
 * com.acme.Agent+[execute]                            every subclass / implementation of com.acme.Agent
 * com.acme.agents.ResearchAgent[research(query,return)]  with the argument 'query' and the return value as attributes
 * com.acme.agents.ResearchAgent[research(0)]          the first argument, by index
 * com.acme.Agent+[execute] agent=planner              a fixed agent name
 * com.acme.Agent+[execute] agent=field:name           the agent name from a field of the instance
 * com.acme.Agent+[execute] agent=getName()            ... or from a getter
 * </pre>
 *
 * <p>{@link #parse} is the only way to make one; it rejects a malformed rule with one line saying what is wrong.
 */
public final class CapabilityRule {
  static final String EXAMPLE = "expected a rule such as com.acme.agents.ResearchAgent[research,plan]";

  private static final Pattern AGENT_LITERAL = Pattern.compile("[A-Za-z0-9_.\\-]+");
  private static final Pattern INDEX = Pattern.compile("[0-9]{1,3}");

  /** Why a rule text was rejected; the message is one line fit for the configuration problem report. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false); // a user mistake, not a bug: no stack trace
    }
  }

  /** How the agent of a call is named. */
  static final class AgentName {
    enum Source {
      /** The simple name of the class that declares the method. */
      CLASS,
      LITERAL,
      FIELD,
      GETTER
    }

    static final AgentName CLASS = new AgentName(Source.CLASS, null);

    final Source source;
    /** The literal name, or the field or getter name. */
    final String value;

    private AgentName(Source source, String value) {
      this.source = source;
      this.value = value;
    }

    @Override
    public String toString() {
      switch (source) {
        case LITERAL:
          return value;
        case FIELD:
          return "field:" + value;
        case GETTER:
          return value + "()";
        default:
          return "(class name)";
      }
    }
  }

  /** One method pattern of the rule, with the values to capture as span attributes. */
  static final class MethodSpec {
    final NamePattern name;
    /** Parameter names or decimal indexes, in the order written. */
    final List<String> arguments;
    final boolean returnValue;

    MethodSpec(NamePattern name, List<String> arguments, boolean returnValue) {
      this.name = name;
      this.arguments = arguments;
      this.returnValue = returnValue;
    }

    boolean capturesAnything() {
      return returnValue || !arguments.isEmpty();
    }
  }

  private final String text;
  private final NamePattern type;
  private final boolean subtypes;
  private final List<MethodSpec> methods;
  private final AgentName agentName;

  private CapabilityRule(
      String text, NamePattern type, boolean subtypes, List<MethodSpec> methods, AgentName agentName) {
    this.text = text;
    this.type = type;
    this.subtypes = subtypes;
    this.methods = methods;
    this.agentName = agentName;
  }

  /** The rule as written (trimmed): how /status and the log name it. */
  public String text() {
    return text;
  }

  NamePattern type() {
    return type;
  }

  /** True for {@code Type+[...]}: every subclass or implementation of the named type, and the type itself. */
  boolean subtypes() {
    return subtypes;
  }

  List<MethodSpec> methods() {
    return methods;
  }

  AgentName agentName() {
    return agentName;
  }

  /** The first method spec whose pattern accepts a method; wildcards only take public methods. */
  MethodSpec methodSpecFor(String methodName, boolean isPublic) {
    for (MethodSpec spec : methods) {
      if ((isPublic || !spec.name.hasWildcard()) && spec.name.matches(methodName)) {
        return spec;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return text;
  }

  /**
   * Splits a list of rules written as one text: rules are separated by ';', new lines, or commas outside brackets
   * and parentheses (so {@code A[b,c],D[e]} is two rules). Blank entries are dropped.
   */
  public static List<String> split(String rules) {
    List<String> result = new ArrayList<String>();
    if (rules == null) {
      return result;
    }
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= rules.length(); i++) {
      char c = i == rules.length() ? ';' : rules.charAt(i);
      if (c == '[' || c == '(') {
        depth++;
      } else if ((c == ']' || c == ')') && depth > 0) {
        depth--;
      } else if (c == ';' || c == '\n' || c == '\r' || (c == ',' && depth == 0) || i == rules.length()) {
        String rule = rules.substring(start, i).trim();
        if (!rule.isEmpty()) {
          result.add(rule);
        }
        start = i + 1;
        depth = 0; // a new line or ';' always ends a rule, even an unbalanced one (parse reports it)
      }
    }
    return result;
  }

  /** Parses one rule; every problem is a {@link Malformed} whose message says what is wrong and what is expected. */
  public static CapabilityRule parse(String rule) throws Malformed {
    String text = rule == null ? "" : rule.trim();
    if (text.isEmpty()) {
      throw new Malformed("empty rule; " + EXAMPLE);
    }
    int open = text.indexOf('[');
    if (open < 0) {
      throw new Malformed("missing '[methods]' after the class name; " + EXAMPLE
          + " (use [*] for every public method)");
    }
    String typeText = text.substring(0, open).trim();
    boolean subtypes = typeText.endsWith("+");
    if (subtypes) {
      typeText = typeText.substring(0, typeText.length() - 1).trim();
    }
    NamePattern type = parseType(typeText, subtypes);

    int close = closingBracket(text, open);
    List<MethodSpec> methods = parseMethods(text.substring(open + 1, close));
    AgentName agentName = parseOptions(text.substring(close + 1).trim());
    return new CapabilityRule(text, type, subtypes, Collections.unmodifiableList(methods), agentName);
  }

  private static NamePattern parseType(String typeText, boolean subtypes) throws Malformed {
    if (typeText.isEmpty()) {
      throw new Malformed("missing class name before '['; " + EXAMPLE);
    }
    for (int i = 0; i < typeText.length(); i++) {
      char c = typeText.charAt(i);
      if (c != '.' && c != '*' && !Character.isJavaIdentifierPart(c)) {
        throw new Malformed("invalid character '" + c + "' in class name '" + typeText
            + "'; expected a fully qualified name such as com.acme.agents.ResearchAgent, with '*' or '**' wildcards");
      }
    }
    String[] segments = typeText.split("\\.", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new Malformed("empty package or class name in '" + typeText
            + "'; expected a fully qualified name such as com.acme.agents.ResearchAgent");
      }
      if (segment.contains("***")) {
        throw new Malformed("'***' in '" + typeText + "'; use '*' (within a name) or '**' (across packages)");
      }
    }
    if (segments.length < 2 || segments[0].contains("*") || !Character.isJavaIdentifierStart(segments[0].charAt(0))) {
      throw new Malformed("class name '" + typeText + "' must start with a package name without wildcards "
          + "(such as com.acme.*Agent), so that a rule never matches every class of the JVM");
    }
    if (subtypes && typeText.contains("*")) {
      throw new Malformed("'+' (subtypes) needs the exact name of a class or interface, without wildcards: '"
          + typeText + "+'");
    }
    return NamePattern.of(typeText);
  }

  /** The index of the ']' that closes the method list; parentheses nest inside it, brackets do not. */
  private static int closingBracket(String text, int open) throws Malformed {
    int parentheses = 0;
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        parentheses++;
      } else if (c == ')') {
        if (--parentheses < 0) {
          throw new Malformed("')' without '(' in the method list of '" + text + "'");
        }
      } else if (c == '[') {
        throw new Malformed("unexpected '[' inside the method list of '" + text + "'; " + EXAMPLE);
      } else if (c == ']') {
        if (parentheses > 0) {
          throw new Malformed("missing ')' in the method list of '" + text + "'; expected e.g. research(query)");
        }
        return i;
      }
    }
    throw new Malformed("missing ']' after the method list; " + EXAMPLE);
  }

  private static List<MethodSpec> parseMethods(String list) throws Malformed {
    if (list.trim().isEmpty()) {
      throw new Malformed("no method between '[' and ']'; name the methods, or use [*] for every public method");
    }
    List<MethodSpec> methods = new ArrayList<MethodSpec>();
    for (String entry : splitOutsideParentheses(list)) {
      String method = entry.trim();
      if (method.isEmpty()) {
        throw new Malformed("empty method name in [" + list + "]; separate method names with single commas");
      }
      int paren = method.indexOf('(');
      String name = (paren < 0 ? method : method.substring(0, paren)).trim();
      checkMethodName(name);
      List<String> arguments = new ArrayList<String>();
      boolean returnValue = false;
      if (paren >= 0) {
        if (!method.endsWith(")")) {
          throw new Malformed("unexpected text after ')' in '" + method + "'; expected e.g. research(query,return)");
        }
        String captures = method.substring(paren + 1, method.length() - 1);
        if (captures.trim().isEmpty()) {
          throw new Malformed("empty capture list in '" + method
              + "'; name the parameters to record, their indexes (from 0) or return, e.g. research(query,return)");
        }
        for (String capture : captures.split(",", -1)) {
          String value = capture.trim();
          if ("return".equals(value)) {
            returnValue = true;
          } else if (INDEX.matcher(value).matches() || isIdentifier(value)) {
            arguments.add(value);
          } else {
            throw new Malformed("invalid capture '" + value + "' in '" + method
                + "'; expected a parameter name, an index from 0, or return");
          }
        }
      }
      methods.add(new MethodSpec(NamePattern.of(name), Collections.unmodifiableList(arguments), returnValue));
    }
    return methods;
  }

  private static void checkMethodName(String name) throws Malformed {
    if (name.isEmpty()) {
      throw new Malformed("missing method name before '('; expected e.g. research(query)");
    }
    if (name.equals("<init>") || name.equals("<clinit>")) {
      throw new Malformed("constructors cannot be capabilities: '" + name + "'");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c != '*' && !Character.isJavaIdentifierPart(c)) {
        throw new Malformed(
            "invalid method name '" + name + "'; expected a method name, optionally with '*' wildcards");
      }
    }
    if (name.contains("**")) {
      throw new Malformed("'**' in method name '" + name + "'; use '*'");
    }
  }

  private static AgentName parseOptions(String options) throws Malformed {
    AgentName agentName = AgentName.CLASS;
    if (options.isEmpty()) {
      return agentName;
    }
    boolean seen = false;
    for (String option : options.split("\\s+")) {
      int equals = option.indexOf('=');
      String key = equals < 0 ? option : option.substring(0, equals);
      if (!"agent".equals(key) || equals < 0) {
        throw new Malformed("unexpected '" + option + "' after ']'; the only option is agent=<name>, "
            + "agent=field:<field> or agent=<getter>()");
      }
      if (seen) {
        throw new Malformed("agent= is given twice");
      }
      seen = true;
      agentName = parseAgentName(option.substring(equals + 1));
    }
    return agentName;
  }

  private static AgentName parseAgentName(String value) throws Malformed {
    if (value.startsWith("field:")) {
      String field = value.substring("field:".length());
      if (!isIdentifier(field)) {
        throw new Malformed("invalid field name '" + field + "' in agent=field:" + field
            + "; expected a Java field name");
      }
      return new AgentName(AgentName.Source.FIELD, field);
    }
    if (value.endsWith("()")) {
      String getter = value.substring(0, value.length() - 2);
      if (!isIdentifier(getter)) {
        throw new Malformed("invalid getter '" + value + "' in agent=" + value
            + "; expected a method without parameters such as getName()");
      }
      return new AgentName(AgentName.Source.GETTER, getter);
    }
    if (!AGENT_LITERAL.matcher(value).matches()) {
      throw new Malformed("invalid agent name '" + value + "'; expected letters, digits, '_', '-' or '.' "
          + "(or agent=field:<field>, agent=<getter>())");
    }
    return new AgentName(AgentName.Source.LITERAL, value);
  }

  private static List<String> splitOutsideParentheses(String list) {
    List<String> parts = new ArrayList<String>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(list.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(list.substring(start));
    return parts;
  }

  static boolean isIdentifier(String text) {
    if (text.isEmpty() || !Character.isJavaIdentifierStart(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      if (!Character.isJavaIdentifierPart(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
