package io.argus.agent.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.jar.JarFile;

/**
 * The {@code Premain-Class} and {@code Agent-Class} of argus-agent.jar: as small as possible. It appends the jar to
 * the bootstrap class path (so every class loader sees the {@code io.argus.bootstrap} API that advice calls), creates
 * the private {@link AgentClassLoader} for everything else, and hands over to {@code io.argus.agent.AgentStarter}.
 *
 * <p>In JDK tools and other programs named by {@code argus.dormant.mains} ({@link DormantMains}) premain does nothing
 * at all: no output, no thread, no port. An explicit attach ({@code agentmain}) always starts the agent.
 *
 * <p>It never lets an exception reach the JVM, which would abort the application: a failure prints one line to
 * stderr and the agent stays off. Only with {@code argus.strict=true} does a failure abort start-up, on purpose.
 */
public final class ArgusAgent {
  private static final String STARTER = "io.argus.agent.AgentStarter";
  /** Thrown by the starter, in strict mode only, to ask for the JVM start-up to be aborted. */
  private static final String STRICT_ABORT = "io.argus.agent.StrictModeAbort";

  private static volatile boolean started;

  private ArgusAgent() {}

  public static void premain(String agentArgs, Instrumentation instrumentation) {
    // Before anything is loaded: jcmd, jps, keytool, javac... that picked the agent up from JAVA_TOOL_OPTIONS.
    String dormant = DormantMains.reasonToStayDormant(agentArgs);
    if (dormant != null) {
      if (debugRequestedEarly()) {
        System.err.println("[argus] dormant in this JVM: " + dormant);
      }
      return;
    }
    start(agentArgs, instrumentation, true);
  }

  public static void agentmain(String agentArgs, Instrumentation instrumentation) {
    start(agentArgs, instrumentation, false);
  }

  private static synchronized void start(String agentArgs, Instrumentation instrumentation, boolean atStartup) {
    if (started) {
      System.err.println("[argus] agent already started in this JVM; ignoring the second -javaagent/attach");
      return;
    }
    started = true;
    try {
      File jar = agentJar();
      instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar));
      AgentClassLoader loader = new AgentClassLoader(jar);
      Class<?> starter = loader.loadClass(STARTER);
      Method startMethod =
          starter.getMethod("start", String.class, Instrumentation.class, File.class, boolean.class);
      startMethod.invoke(null, agentArgs, instrumentation, jar, atStartup);
    } catch (InvocationTargetException e) {
      fail(e.getCause());
    } catch (Throwable t) {
      fail(t);
    }
  }

  private static void fail(Throwable cause) {
    if (cause != null && STRICT_ABORT.equals(cause.getClass().getName())) {
      System.err.println("[argus] start-up aborted (argus.strict=true): " + cause.getMessage());
      throw new IllegalStateException("Argus start-up aborted: " + cause.getMessage());
    }
    String line = "[argus] agent disabled, the application continues without it: " + describe(cause);
    System.err.println(line);
    if (strictRequestedEarly()) {
      throw new IllegalStateException(line);
    }
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** The debug log level as far as it can be known before the configuration has been read. */
  private static boolean debugRequestedEarly() {
    String value = System.getProperty("argus.log.level");
    if (value == null) {
      value = System.getenv("ARGUS_LOG_LEVEL");
    }
    return "debug".equalsIgnoreCase(value == null ? null : value.trim());
  }

  /** Strict mode as far as it can be known before the configuration has been read. */
  private static boolean strictRequestedEarly() {
    String value = System.getProperty("argus.strict");
    if (value == null) {
      value = System.getenv("ARGUS_STRICT");
    }
    return "true".equalsIgnoreCase(value);
  }

  private static File agentJar() throws Exception {
    URI location = ArgusAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI();
    File jar = new File(location);
    if (!jar.isFile()) {
      throw new IllegalStateException("cannot locate argus-agent.jar (code source is " + location + ")");
    }
    return jar;
  }
}
