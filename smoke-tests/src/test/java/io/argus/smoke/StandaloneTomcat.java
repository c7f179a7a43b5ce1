package io.argus.smoke;

import static org.awaitility.Awaitility.await;

import io.argus.smoke.harness.AgentJvm;
import io.argus.smoke.harness.JdkTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Tomcat from the Debian {@code tomcat10} package, the way a legacy deployment runs it: {@code catalina.sh run} with
 * {@code CATALINA_HOME=/usr/share/tomcat10} and a throw-away {@code CATALINA_BASE} (its own server.xml: one HTTP
 * connector on 127.0.0.1 and a free port, no shutdown port, auto-deployment of {@code webapps/} checked every second;
 * the package's web.xml and catalina.properties; log to the console). WARs are deployed and undeployed by putting
 * them in and taking them out of {@code webapps/}. The system service is never used. {@link #close()} stops Tomcat
 * (SIGTERM, which it handles as a graceful shutdown) and deletes the directory.
 */
final class StandaloneTomcat implements AutoCloseable {
  static final Path DEBIAN_HOME = Path.of("/usr/share/tomcat10");
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Duration DEPLOYMENT = Duration.ofSeconds(60);

  private final Path base;
  private final int port;
  private final AgentJvm jvm;

  private StandaloneTomcat(Path base, int port, AgentJvm jvm) {
    this.base = base;
    this.port = port;
    this.jvm = jvm;
  }

  /** The package's CATALINA_HOME, if the package is installed. */
  static Optional<Path> installedHome() {
    return Files.isExecutable(DEBIAN_HOME.resolve("bin/catalina.sh")) ? Optional.of(DEBIAN_HOME) : Optional.empty();
  }

  /** Starts Tomcat with {@code catalinaOpts} and {@code env}; returns once it has started. */
  static StandaloneTomcat start(Path home, String catalinaOpts, Map<String, String> env) {
    int port = AgentJvm.freePort();
    Path base = createBase(home, port);
    AgentJvm.Builder builder = AgentJvm.builder()
        .name("tomcat")
        .launcher(home.resolve("bin/catalina.sh"))
        .args("run")
        .workingDirectory(base)
        .env("CATALINA_HOME", home.toString())
        .env("CATALINA_BASE", base.toString())
        .env("CATALINA_TMPDIR", base.resolve("temp").toString())
        .env("JAVA_HOME", AgentJvm.defaultJavaHome().toString())
        .env("CATALINA_OPTS", catalinaOpts);
    env.forEach(builder::env);
    StandaloneTomcat tomcat = new StandaloneTomcat(base, port, builder.start());
    try {
      tomcat.jvm.awaitStderr("Server startup in", STARTUP);
      return tomcat;
    } catch (RuntimeException | AssertionError e) {
      tomcat.close();
      throw e;
    }
  }

  int port() {
    return port;
  }

  /** The directory of the running instance (its logs/, webapps/...). */
  Path base() {
    return base;
  }

  long pid() {
    return jvm.pid();
  }

  AgentJvm jvm() {
    return jvm;
  }

  /** Copies the WAR into webapps/ (atomically: never half-written for the deployer) and waits for its deployment. */
  void deploy(Path war, String name) {
    String finished = "Deployment of web application archive [" + base.resolve("webapps").resolve(name + ".war")
        + "] has finished";
    int before = count(finished);
    try {
      Path staged = Files.copy(war, base.resolve("temp").resolve(name + ".war"), StandardCopyOption.REPLACE_EXISTING);
      Files.move(staged, base.resolve("webapps").resolve(name + ".war"), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot deploy " + war, e);
    }
    awaitLogLine(finished, before + 1);
  }

  /** Removes the WAR from webapps/ and waits until Tomcat has undeployed the application and deleted its folder. */
  void undeploy(String name) {
    String undeploying = "Undeploying context [/" + name + "]";
    int before = count(undeploying);
    try {
      Files.delete(base.resolve("webapps").resolve(name + ".war"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot undeploy " + name, e);
    }
    awaitLogLine(undeploying, before + 1);
    await().atMost(DEPLOYMENT).until(() -> !Files.exists(base.resolve("webapps").resolve(name)));
  }

  /**
   * Live instances of Tomcat's web-application class loader after full collections, from the JVM's class histogram
   * ({@code jcmd GC.run}, then {@code GC.class_histogram}, which collects again): one per deployed application plus
   * any that something still holds after undeployment.
   */
  int liveWebappClassLoaders() {
    Path javaHome = AgentJvm.defaultJavaHome();
    JdkTool.Result gc = JdkTool.run(javaHome, "jcmd", Map.of(), Duration.ofSeconds(60), String.valueOf(pid()),
        "GC.run");
    if (gc.exitCode() != 0) {
      throw new AssertionError(gc.describe());
    }
    JdkTool.Result histogram = JdkTool.run(javaHome, "jcmd", Map.of(), Duration.ofSeconds(60),
        String.valueOf(pid()), "GC.class_histogram");
    if (histogram.exitCode() != 0) {
      throw new AssertionError(histogram.describe());
    }
    // "  646:             1            152  org.apache.catalina.loader.ParallelWebappClassLoader"
    return histogram.stdout().stream()
        .map(String::trim)
        .map(line -> line.split("\\s+"))
        .filter(columns -> columns.length == 4
            && columns[3].equals("org.apache.catalina.loader.ParallelWebappClassLoader"))
        .mapToInt(columns -> Integer.parseInt(columns[1]))
        .sum();
  }

  private int count(String text) {
    return (int) jvm.stderrLines().stream().filter(line -> line.contains(text)).count();
  }

  private void awaitLogLine(String text, int occurrences) {
    try {
      await().atMost(DEPLOYMENT).pollInterval(Duration.ofMillis(100))
          .until(() -> count(text) >= occurrences || !jvm.isAlive());
    } catch (RuntimeException e) {
      throw new AssertionError("no " + occurrences + "th line \"" + text + "\" within " + DEPLOYMENT
          + jvm.describeOutput(), e);
    }
    if (count(text) < occurrences) {
      throw new AssertionError("Tomcat ended before \"" + text + "\"" + jvm.describeOutput());
    }
  }

  @Override
  public void close() {
    jvm.close();
    try (Stream<Path> files = Files.walk(base)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary directory.
    }
  }

  private static Path createBase(Path home, int port) {
    try {
      Path base = Files.createTempDirectory("argus-catalina-base-");
      for (String directory : new String[] {"conf", "webapps", "logs", "temp", "work"}) {
        Files.createDirectories(base.resolve(directory));
      }
      // Debian keeps the package's pristine configuration in CATALINA_HOME/etc (/etc/tomcat10 may be edited).
      for (String file : new String[] {"web.xml", "catalina.properties"}) {
        Files.copy(home.resolve("etc").resolve(file), base.resolve("conf").resolve(file));
      }
      // The usual production tuning that Tomcat itself suggests in its log: no scan of WEB-INF/lib for TLDs and
      // web fragments (the WAR has neither). Deployments take seconds less; nothing the agent does depends on it.
      Files.writeString(base.resolve("conf/catalina.properties"),
          "\ntomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar\n", StandardOpenOption.APPEND);
      Files.writeString(base.resolve("conf/server.xml"), """
          <?xml version="1.0" encoding="UTF-8"?>
          <Server port="-1">
            <Listener className="org.apache.catalina.core.JreMemoryLeakPreventionListener"/>
            <Service name="Catalina">
              <Connector port="%d" address="127.0.0.1" protocol="HTTP/1.1"/>
              <Engine name="Catalina" defaultHost="localhost">
                <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="true"
                      backgroundProcessorDelay="1"/>
              </Engine>
            </Service>
          </Server>
          """.formatted(port));
      Files.writeString(base.resolve("conf/logging.properties"), """
          handlers = java.util.logging.ConsoleHandler
          .level = INFO
          java.util.logging.ConsoleHandler.level = ALL
          java.util.logging.ConsoleHandler.formatter = org.apache.juli.OneLineFormatter
          """);
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a CATALINA_BASE", e);
    }
  }
}
