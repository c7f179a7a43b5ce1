package io.argus.agent.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Decides, before anything of the agent is loaded, whether this JVM is one the agent leaves alone. With
 * {@code JAVA_TOOL_OPTIONS=-javaagent:argus-agent.jar}, as containers set it, every JVM of the image loads the agent:
 * {@code jcmd}, {@code jps}, {@code keytool}, {@code javac}... An agent starting in them would print, start threads
 * and fight the service for its port. In such a JVM premain returns at once: no output, no thread, no port.
 *
 * <p>The program is identified by what the java launcher records: {@code sun.java.command} (the main class,
 * {@code module/class}, or the jar of {@code -jar}, then the arguments) and {@code jdk.module.main}.
 *
 * <ul>
 *   <li>{@code argus.dormant.mains} (default {@code jdk-tools}): patterns of programs to stay dormant in.
 *       {@code jdk-tools} stands for every program the JDK runs from its own modules ({@code java.*},
 *       {@code jdk.*}: all its tools, present and future) or, without modules (Java 8, class-path launches), from
 *       its own packages ({@code sun.*}, {@code jdk.*}, {@code com.sun.tools.*}). {@code none} means no dormancy.
 *   <li>{@code argus.active.mains} (default empty): patterns of programs the agent starts in all the same.
 * </ul>
 *
 * A pattern without {@code /} matches the main class's name (or, for {@code -jar}, the jar's file name); a pattern
 * with {@code /} matches {@code module/class} (or the jar's path as given). {@code *} matches any characters.
 *
 * <p>Read from system properties, the environment and the agent argument only: the decision is taken before the
 * configuration file would be read. Java 8 bytecode and JDK classes only, like all of the launcher.
 */
final class DormantMains {
  static final String DORMANT_KEY = "argus.dormant.mains";
  static final String ACTIVE_KEY = "argus.active.mains";
  static final String JDK_TOOLS = "jdk-tools";

  private static final String[] JDK_PACKAGES = {"sun.", "jdk.", "com.sun.tools."};
  private static final String[] JDK_MODULES = {"java.", "jdk."};

  private DormantMains() {}

  /** Why the agent must stay dormant in this JVM, or null when it starts. Never throws. */
  static String reasonToStayDormant(String agentArgs) {
    try {
      Properties properties = System.getProperties();
      Map<String, String> env = System.getenv();
      return reason(
          properties.getProperty("sun.java.command"),
          properties.getProperty("jdk.module.main"),
          setting(DORMANT_KEY, properties, env, agentArgs, JDK_TOOLS),
          setting(ACTIVE_KEY, properties, env, agentArgs, ""));
    } catch (RuntimeException e) {
      return null; // in doubt, behave as without this feature
    }
  }

  /**
   * @param javaCommand {@code sun.java.command}; null or empty (a JVM created through JNI) never matches
   * @param mainModule {@code jdk.module.main}, null when the program was not launched from a module
   */
  static String reason(String javaCommand, String mainModule, String dormantPatterns, String activePatterns) {
    Program program = Program.of(javaCommand, mainModule);
    if (program == null) {
      return null;
    }
    if (firstMatch(program, list(activePatterns)) != null) {
      return null;
    }
    String match = firstMatch(program, list(dormantPatterns));
    return match == null ? null : program.command + " matches " + DORMANT_KEY + " entry '" + match + "'";
  }

  private static String firstMatch(Program program, List<String> patterns) {
    for (String pattern : patterns) {
      if (pattern.equals(JDK_TOOLS) ? program.isJdkTool() : program.matches(pattern)) {
        return pattern;
      }
    }
    return null;
  }

  /** Comma-separated, trimmed, empty entries dropped; {@code none} alone is the empty list (as ConfigLoader). */
  static List<String> list(String value) {
    List<String> result = new ArrayList<String>();
    if (value == null) {
      return result;
    }
    String[] items = value.split(",");
    for (String item : items) {
      String entry = item.trim();
      // Entries with blanks are rejected by the configuration's validation too.
      if (entry.isEmpty() || containsWhitespace(entry) || (entry.equals("none") && items.length == 1)) {
        continue;
      }
      result.add(entry);
    }
    return result;
  }

  /** The same precedence as the configuration: system property, else environment, else agent argument. */
  static String setting(String key, Properties properties, Map<String, String> env, String agentArgs,
                        String defaultValue) {
    String value = properties.getProperty(key);
    if (isSet(value)) {
      return value;
    }
    value = env == null ? null : env.get(key.toUpperCase(Locale.ROOT).replace('.', '_'));
    if (isSet(value)) {
      return value;
    }
    value = agentArgument(key, agentArgs);
    return isSet(value) ? value : defaultValue;
  }

  private static boolean isSet(String value) {
    return value != null && !value.trim().isEmpty();
  }

  /**
   * The value of a list-valued key in {@code key=value,key2=value2}: as in ConfigLoader, the fragments after it that
   * do not start another setting ({@code otel.}, {@code argus.}, {@code config=}) continue the list.
   */
  static String agentArgument(String key, String agentArgs) {
    if (agentArgs == null) {
      return null;
    }
    StringBuilder value = null;
    for (String fragment : agentArgs.split(",", -1)) {
      int equals = fragment.indexOf('=');
      String fragmentKey = equals > 0 ? fragment.substring(0, equals).trim() : null;
      boolean startsSetting = fragmentKey != null
          && (fragmentKey.equals("config") || fragmentKey.startsWith("otel.") || fragmentKey.startsWith("argus."));
      if (value != null && !startsSetting) {
        value.append(',').append(fragment);
      } else if (value != null) {
        break;
      } else if (key.equals(fragmentKey)) {
        value = new StringBuilder(fragment.substring(equals + 1));
      }
    }
    return value == null ? null : value.toString();
  }

  private static boolean containsWhitespace(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  /** What the java launcher started. */
  private static final class Program {
    /** The first word of sun.java.command: {@code module/class}, {@code module}, a class name or a jar path. */
    final String command;
    /** The module it was launched from, or null. */
    final String module;
    /** The main class's name, or for {@code -jar} the jar's file name; null when only a module was named. */
    final String shortName;

    private Program(String command, String module, String shortName) {
      this.command = command;
      this.module = module;
      this.shortName = shortName;
    }

    static Program of(String javaCommand, String mainModule) {
      if (javaCommand == null || javaCommand.trim().isEmpty()) {
        return null;
      }
      String trimmed = javaCommand.trim();
      int space = trimmed.indexOf(' ');
      String command = space < 0 ? trimmed : trimmed.substring(0, space);
      if (mainModule != null && !mainModule.isEmpty()) {
        int moduleSlash = command.indexOf('/');
        if (moduleSlash < 0) { // java -m module: the main class is in the module's descriptor
          return new Program(command + "/", mainModule, null);
        }
        return new Program(command, mainModule, command.substring(moduleSlash + 1));
      }
      // A class name has no separator; a jar path may (target/app.jar) or may not (app.jar).
      int separator = Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\'));
      return new Program(command, null, command.substring(separator + 1));
    }

    boolean isJdkTool() {
      if (module != null) {
        return startsWithAny(module, JDK_MODULES);
      }
      return command.equals(shortName) && !shortName.endsWith(".jar") && startsWithAny(command, JDK_PACKAGES);
    }

    boolean matches(String pattern) {
      if (pattern.indexOf('/') >= 0) {
        return glob(pattern, command);
      }
      return shortName != null && glob(pattern, shortName);
    }

    private static boolean startsWithAny(String text, String[] prefixes) {
      for (String prefix : prefixes) {
        if (text.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code *} matches any run of characters, everything else itself; at worst pattern length × text length steps. */
  static boolean glob(String pattern, String text) {
    int p = 0;
    int t = 0;
    int starAt = -1;
    int resumeAt = 0;
    while (t < text.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        starAt = p++;
        resumeAt = t;
      } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
        p++;
        t++;
      } else if (starAt >= 0) {
        p = starAt + 1;
        t = ++resumeAt;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
