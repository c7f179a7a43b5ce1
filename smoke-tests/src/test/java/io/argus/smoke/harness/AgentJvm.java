package io.argus.smoke.harness;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real JVM launched as a child process, by default with {@code -javaagent:argus-agent.jar}.
 *
 * <p>The agent jar comes from the system property {@code argus.agent.jar} (set by the smoke-tests pom), the java
 * executable from {@code argus.java.home} (else the test JVM's own {@code java.home}). The child's environment is a
 * copy of the current one minus every {@code OTEL_*} and {@code ARGUS_*} variable and minus
 * {@code JAVA_TOOL_OPTIONS}, {@code JDK_JAVA_OPTIONS} and {@code _JAVA_OPTIONS}, so that nothing from the outside
 * configures the agent or the JVM; add what a test needs with {@link Builder#env}.
 *
 * <p>stdout and stderr are read line by line on daemon threads into thread-safe lists and echoed to this JVM's stdout
 * with a prefix ({@code [name out]}, {@code [name err]}). {@link #close()} ends the process (destroy, then
 * destroyForcibly after a bound), so use it in try-with-resources.
 *
 * <pre>{@code
 * try (AgentJvm app = AgentJvm.builder()
 *     .mainClass("com.example.Main")
 *     .classPath("apps/demo/target/classes", "apps/demo/target/lib/*")
 *     .agentArgs("service.name=demo")
 *     .env("ARGUS_EXPORTER_ENDPOINT", receiver.endpoint())
 *     .start()) {
 *   app.awaitStdout(line -> line.contains("started"), Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class AgentJvm implements AutoCloseable {

  /** System property naming the agent jar to attach. */
  public static final String AGENT_JAR_PROPERTY = "argus.agent.jar";
  /** System property naming the JDK whose {@code bin/java} launches the child JVMs. */
  public static final String JAVA_HOME_PROPERTY = "argus.java.home";

  private static final int TAIL_LINES = 40;
  private static final Duration DESTROY_GRACE = Duration.ofSeconds(10);
  private static final Duration FORCIBLE_GRACE = Duration.ofSeconds(5);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);

  private final String name;
  private final List<String> command;
  private final Process process;
  private final Output stdout;
  private final Output stderr;

  private AgentJvm(String name, List<String> command, Process process, boolean echo) {
    this.name = name;
    this.command = List.copyOf(command);
    this.process = process;
    this.stdout = new Output(name, "out", process.getInputStream(), echo);
    this.stderr = new Output(name, "err", process.getErrorStream(), echo);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A TCP port that was free on 127.0.0.1 a moment ago (bound with port 0, then released). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** The agent jar named by {@value #AGENT_JAR_PROPERTY}; fails with a hint if it is not set or not built. */
  public static Path agentJar() {
    String property = System.getProperty(AGENT_JAR_PROPERTY);
    if (property == null || property.isBlank()) {
      throw new IllegalStateException("system property " + AGENT_JAR_PROPERTY
          + " is not set; run the smoke tests through Maven (smoke-tests/pom.xml sets it)");
    }
    Path jar = Path.of(property).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("agent jar " + jar + " does not exist; build it first: mvn -pl agent -am package");
    }
    return jar;
  }

  /** The JDK named by {@value #JAVA_HOME_PROPERTY}, else this JVM's {@code java.home}. */
  public static Path defaultJavaHome() {
    String property = System.getProperty(JAVA_HOME_PROPERTY);
    return Path.of(property == null || property.isBlank() ? System.getProperty("java.home") : property);
  }

  public String name() {
    return name;
  }

  /** The full command line the JVM was started with. */
  public List<String> command() {
    return command;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Process process() {
    return process;
  }

  /** A snapshot of the stdout lines read so far. */
  public List<String> stdoutLines() {
    return stdout.lines();
  }

  /** A snapshot of the stderr lines read so far. */
  public List<String> stderrLines() {
    return stderr.lines();
  }

  /** The first stdout line matching, waiting up to {@code timeout}; fails early if the process ends without one. */
  public String awaitStdout(Predicate<String> predicate, Duration timeout) {
    return await(stdout, predicate, timeout);
  }

  /** Shorthand for {@link #awaitStdout(Predicate, Duration)} with {@code line.contains(text)}. */
  public String awaitStdout(String text, Duration timeout) {
    return await(stdout, containing(text), timeout);
  }

  /** The first stderr line matching, waiting up to {@code timeout}; fails early if the process ends without one. */
  public String awaitStderr(Predicate<String> predicate, Duration timeout) {
    return await(stderr, predicate, timeout);
  }

  /** Shorthand for {@link #awaitStderr(Predicate, Duration)} with {@code line.contains(text)}. */
  public String awaitStderr(String text, Duration timeout) {
    return await(stderr, containing(text), timeout);
  }

  /**
   * Waits for the process to exit and for its output to be read to the end; returns the exit code. Fails (the process
   * is left running; {@link #close()} ends it) if it has not exited within {@code timeout}.
   */
  public int waitForExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " (pid " + pid() + ") did not exit within " + timeout + describeOutput());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + name + " to exit", e);
    }
    stdout.awaitEnd(DRAIN_TIMEOUT);
    stderr.awaitEnd(DRAIN_TIMEOUT);
    return process.exitValue();
  }

  /** Ends the process and anything it started: destroy, then destroyForcibly if it is still alive after a bound. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(DESTROY_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(FORCIBLE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    stdout.awaitEnd(DRAIN_TIMEOUT);
    stderr.awaitEnd(DRAIN_TIMEOUT);
  }

  @Override
  public String toString() {
    return "AgentJvm[" + name + ", pid " + process.pid() + (process.isAlive() ? ", running]" : ", exited]");
  }

  // ---------------------------------------------------------------------------------------------------------------

  private String await(Output output, Predicate<String> predicate, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int checked = 0;
    String failure;
    synchronized (output) {
      while (true) {
        for (; checked < output.lines.size(); checked++) {
          String line = output.lines.get(checked);
          if (predicate.test(line)) {
            return line;
          }
        }
        if (output.ended) {
          failure = "before it ended";
          break;
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          failure = "within " + timeout;
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(output, remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for output of " + name, e);
        }
      }
    }
    // Built outside the monitor: describeOutput() takes the other stream's monitor.
    throw new AssertionError("no line matching " + predicate + " on " + name + "'s std" + output.stream + " "
        + failure + exitStatus() + describeOutput());
  }

  private String exitStatus() {
    if (process.isAlive()) {
      return " (still running)";
    }
    try {
      process.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return process.isAlive() ? " (still running)" : " (exited with code " + process.exitValue() + ")";
  }

  /** The last lines of stdout and stderr, for failure messages. */
  public String describeOutput() {
    return "\n--- last stdout lines of " + name + " ---\n" + tail(stdout.lines())
        + "\n--- last stderr lines of " + name + " ---\n" + tail(stderr.lines())
        + "\n--- command ---\n" + String.join(" ", command);
  }

  private static String tail(List<String> lines) {
    int from = Math.max(0, lines.size() - TAIL_LINES);
    String prefix = from > 0 ? "(" + from + " earlier lines not shown)\n" : "";
    return prefix + String.join("\n", lines.subList(from, lines.size()));
  }

  private static Predicate<String> containing(String text) {
    Objects.requireNonNull(text, "text");
    return new Predicate<>() {
      @Override
      public boolean test(String line) {
        return line.contains(text);
      }

      @Override
      public String toString() {
        return "contains \"" + text + "\"";
      }
    };
  }

  /** One output stream of the child, read on a daemon thread. Monitor: the Output itself. */
  private static final class Output {
    private final String stream;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;
    private boolean ended;

    Output(String processName, String stream, InputStream in, boolean echo) {
      this.stream = stream;
      String prefix = "[" + processName + " " + stream + "] ";
      this.reader = new Thread(() -> read(in, echo ? prefix : null), "agent-jvm-" + processName + "-" + stream);
      reader.setDaemon(true);
      reader.start();
    }

    private void read(InputStream in, String echoPrefix) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (echoPrefix != null) {
            System.out.println(echoPrefix + line);
          }
          synchronized (this) {
            lines.add(line);
            notifyAll();
          }
        }
      } catch (IOException e) {
        // The stream was closed under us (process destroyed): nothing more to read.
      } finally {
        synchronized (this) {
          ended = true;
          notifyAll();
        }
      }
    }

    synchronized List<String> lines() {
      return List.copyOf(lines);
    }

    void awaitEnd(Duration timeout) {
      try {
        reader.join(timeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** Builds and starts an {@link AgentJvm}. Only {@link #mainClass}, {@link #jar} or {@link #launcher} is required. */
  public static final class Builder {
    private String mainClass;
    private Path jar;
    private Path launcher;
    private final List<String> classPath = new ArrayList<>();
    private boolean withAgent = true;
    private Path agentJar;
    private String agentArgs;
    private final List<String> jvmArgs = new ArrayList<>();
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> removedEnv = new ArrayList<>();
    private final List<String> programArgs = new ArrayList<>();
    private Path javaHome;
    private Path workingDirectory;
    private String name;
    private boolean echo = true;

    private Builder() {}

    /** The class whose {@code main} to run. */
    public Builder mainClass(String mainClass) {
      this.mainClass = mainClass;
      return this;
    }

    /** The class whose {@code main} to run; its class path entry is NOT added (see {@link #classPathOf}). */
    public Builder mainClass(Class<?> mainClass) {
      return mainClass(mainClass.getName());
    }

    /** Run {@code java -jar <jar>} instead of a main class. */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /**
     * Run a launcher that starts the JVM itself — Tomcat's {@code catalina.sh run}, a JDK tool such as
     * {@code bin/jstat} — with {@link #args}: the agent, JVM arguments and class path are then the launcher's
     * business (CATALINA_OPTS or JAVA_TOOL_OPTIONS through {@link #env}), so this builder adds none. A script should
     * {@code exec} java, for {@link #pid()} to be the JVM's.
     */
    public Builder launcher(Path launcher) {
      this.launcher = launcher;
      this.withAgent = false;
      return this;
    }

    /** Class path entries, in order; a {@code dir/*} entry is expanded by the java launcher. */
    public Builder classPath(String... entries) {
      classPath.addAll(List.of(entries));
      return this;
    }

    /** Class path entries, in order. */
    public Builder classPath(Path... entries) {
      for (Path entry : entries) {
        classPath.add(entry.toString());
      }
      return this;
    }

    /** Class path entries, in order. */
    public Builder classPath(List<String> entries) {
      classPath.addAll(entries);
      return this;
    }

    /** Adds the directory or jar a class was loaded from (e.g. target/test-classes for a class in the tests). */
    public Builder classPathOf(Class<?> type) {
      try {
        classPath.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (Exception e) {
        throw new IllegalArgumentException("no code source for " + type, e);
      }
      return this;
    }

    /** Launch without any {@code -javaagent}. */
    public Builder withoutAgent() {
      this.withAgent = false;
      return this;
    }

    /** Attach this agent jar instead of the one named by {@value AgentJvm#AGENT_JAR_PROPERTY}. */
    public Builder agentJar(Path agentJar) {
      this.agentJar = agentJar;
      this.withAgent = true;
      return this;
    }

    /** The agent's options: {@code -javaagent:<jar>=<args>}. */
    public Builder agentArgs(String agentArgs) {
      this.agentArgs = agentArgs;
      return this;
    }

    /** Extra JVM arguments (after {@code -javaagent}, before the system properties and the main class). */
    public Builder jvmArgs(String... args) {
      jvmArgs.addAll(List.of(args));
      return this;
    }

    /** {@code -Dkey=value}. */
    public Builder systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    /** Sets an environment variable of the child (the child's env starts as a cleaned copy of the current one). */
    public Builder env(String key, String value) {
      env.put(key, value);
      removedEnv.remove(key);
      return this;
    }

    /** Removes an environment variable from the child's environment. */
    public Builder removeEnv(String key) {
      env.remove(key);
      removedEnv.add(key);
      return this;
    }

    /** Arguments passed to {@code main}. */
    public Builder args(String... args) {
      programArgs.addAll(List.of(args));
      return this;
    }

    /** Use {@code <javaHome>/bin/java}, e.g. {@code /usr/lib/jvm/temurin-25-jdk-amd64}. */
    public Builder javaHome(Path javaHome) {
      this.javaHome = javaHome;
      return this;
    }

    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = workingDirectory;
      return this;
    }

    /** The name used in the echo prefix and in failure messages (default: the main class's simple name). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Whether to echo the child's output to this JVM's stdout (default true). */
    public Builder echo(boolean echo) {
      this.echo = echo;
      return this;
    }

    /** The command line {@link #start()} would run. */
    public List<String> command() {
      if ((mainClass == null ? 0 : 1) + (jar == null ? 0 : 1) + (launcher == null ? 0 : 1) != 1) {
        throw new IllegalStateException("set exactly one of mainClass, jar and launcher");
      }
      if (launcher != null) {
        if (withAgent || !jvmArgs.isEmpty() || !systemProperties.isEmpty() || !classPath.isEmpty()) {
          throw new IllegalStateException("a launcher starts its JVM itself: pass the agent and JVM options in the"
              + " variables it reads (CATALINA_OPTS, JAVA_TOOL_OPTIONS)");
        }
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(programArgs);
        return command;
      }
      Path home = javaHome != null ? javaHome : defaultJavaHome();
      Path java = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
      if (!Files.isExecutable(java)) {
        throw new IllegalStateException("no java executable at " + java);
      }
      List<String> command = new ArrayList<>();
      command.add(java.toString());
      if (withAgent) {
        Path agent = agentJar != null ? agentJar.toAbsolutePath() : AgentJvm.agentJar();
        command.add("-javaagent:" + agent + (agentArgs == null ? "" : "=" + agentArgs));
      }
      command.addAll(jvmArgs);
      systemProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
      if (!classPath.isEmpty()) {
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath));
      }
      if (jar != null) {
        command.add("-jar");
        command.add(jar.toString());
      } else {
        command.add(mainClass);
      }
      command.addAll(programArgs);
      return command;
    }

    /** Starts the JVM. */
    public AgentJvm start() {
      List<String> command = command();
      String displayName = name != null ? name
          : mainClass != null ? mainClass.substring(mainClass.lastIndexOf('.') + 1)
          : (jar != null ? jar : launcher).getFileName().toString();
      ProcessBuilder pb = new ProcessBuilder(command);
      Map<String, String> environment = pb.environment();
      environment.keySet().removeIf(key -> key.startsWith("OTEL_") || key.startsWith("ARGUS_")
          || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS") || key.equals("_JAVA_OPTIONS"));
      removedEnv.forEach(environment::remove);
      environment.putAll(env);
      if (workingDirectory != null) {
        pb.directory(workingDirectory.toFile());
      }
      System.out.println("[" + displayName + "] starting: " + String.join(" ", command)
          + (env.isEmpty() ? "" : "\n[" + displayName + "] with env " + env));
      try {
        return new AgentJvm(displayName, command, pb.start(), echo);
      } catch (IOException e) {
        throw new UncheckedIOException("could not start " + String.join(" ", command), e);
      }
    }

    private static boolean isWindows() {
      return System.getProperty("os.name", "").toLowerCase().contains("win");
    }
  }
}
