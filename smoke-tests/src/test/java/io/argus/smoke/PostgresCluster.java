package io.argus.smoke;

import io.argus.smoke.harness.AgentJvm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server from the Debian {@code postgresql} package: {@code initdb} in a temporary directory,
 * {@code pg_ctl start} on 127.0.0.1 and a free port (trust authentication, no fsync), {@link #close()} stops it with
 * {@code pg_ctl stop -m fast} and deletes the directory. PostgreSQL refuses to run as root, so as root every command
 * runs as the {@code postgres} system user ({@code runuser -u postgres --}), which owns the directory.
 */
final class PostgresCluster implements AutoCloseable {
  static final String USER = "argus";
  private static final Path INSTALL_ROOT = Path.of("/usr/lib/postgresql");
  private static final long COMMAND_TIMEOUT_SECONDS = 90;

  private final Path bin;
  private final Path directory;
  private final boolean asPostgresUser;
  private final int port;
  private boolean running;

  private PostgresCluster(Path bin, Path directory, boolean asPostgresUser, int port) {
    this.bin = bin;
    this.directory = directory;
    this.asPostgresUser = asPostgresUser;
    this.port = port;
  }

  /** The newest installed server's bin directory, e.g. /usr/lib/postgresql/15/bin, if any. */
  static Optional<Path> installedBin() {
    if (!Files.isDirectory(INSTALL_ROOT)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(INSTALL_ROOT)) {
      return versions
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
          .max(Comparator.comparingInt(PostgresCluster::majorVersion));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int majorVersion(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static PostgresCluster start(Path bin) {
    boolean root = "root".equals(System.getProperty("user.name"));
    Path directory;
    try {
      directory = Files.createTempDirectory("argus-pg-");
      if (root) {
        UserPrincipalLookupService users = directory.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres = users.lookupPrincipalByName("postgres");
        GroupPrincipal group = users.lookupPrincipalByGroupName("postgres");
        Files.setOwner(directory, postgres);
        Files.getFileAttributeView(directory, PosixFileAttributeView.class).setGroup(group);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a directory for PostgreSQL (as root it must belong to the"
          + " 'postgres' user of the Debian package)", e);
    }
    PostgresCluster cluster = new PostgresCluster(bin, directory, root, AgentJvm.freePort());
    try {
      cluster.run("initdb", "-D", cluster.data(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
      cluster.run("pg_ctl", "-D", cluster.data(), "-l", directory.resolve("postgres.log").toString(), "-w", "-t",
          "60", "-o", "-p " + cluster.port + " -h 127.0.0.1 -k " + directory
              + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start");
      cluster.running = true;
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** A new, empty database owned by {@link #USER}. */
  void createDatabase(String name) {
    run("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, name);
  }

  String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    try {
      if (running) {
        running = false;
        run("pg_ctl", "-D", data(), "-m", "fast", "-w", "-t", "60", "stop");
      }
    } finally {
      deleteRecursively(directory);
    }
  }

  private String data() {
    return directory.resolve("data").toString();
  }

  private void run(String tool, String... args) {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    try {
      Path output = Files.createTempFile("argus-pg-" + tool, ".log");
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
            .start();
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException(String.join(" ", command) + " did not finish within "
              + COMMAND_TIMEOUT_SECONDS + " s:\n" + Files.readString(output, StandardCharsets.UTF_8) + serverLog());
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
              + process.exitValue() + ":\n" + Files.readString(output, StandardCharsets.UTF_8) + serverLog());
        }
      } finally {
        Files.deleteIfExists(output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + tool, e);
    }
  }

  private String serverLog() {
    Path log = directory.resolve("postgres.log");
    try {
      return Files.exists(log) ? "\n--- postgres.log ---\n" + Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is not worth failing a test for.
    }
  }
}
