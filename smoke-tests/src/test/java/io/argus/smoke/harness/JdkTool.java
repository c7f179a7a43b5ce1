package io.argus.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a tool of a JDK ({@code jcmd}, {@code jps}, {@code keytool}, {@code javac}...) to completion, bounded in time.
 * Its environment is cleaned like {@link AgentJvm}'s (no {@code OTEL_*}, {@code ARGUS_*}, {@code JAVA_TOOL_OPTIONS}
 * from outside) plus what the caller passes. stdout and stderr go to temporary files, read once it has exited.
 */
public final class JdkTool {

  /** How a tool run ended. */
  public record Result(String command, int exitCode, List<String> stdout, List<String> stderr) {
    /** Both streams, for failure messages. */
    public String describe() {
      return command + " exited with " + exitCode + "\n--- stdout ---\n" + String.join("\n", stdout)
          + "\n--- stderr ---\n" + String.join("\n", stderr);
    }
  }

  private JdkTool() {}

  /** {@code <javaHome>/bin/<tool> args...} with {@code env} added; fails if it has not ended within {@code timeout}. */
  public static Result run(Path javaHome, String tool, Map<String, String> env, Duration timeout, String... args) {
    Path executable = javaHome.resolve("bin").resolve(tool);
    if (!Files.isExecutable(executable)) {
      throw new IllegalStateException("no " + tool + " in " + javaHome + "/bin");
    }
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("argus-" + tool + "-", ".out");
      Path err = Files.createTempFile("argus-" + tool + "-", ".err");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("OTEL_") || key.startsWith("ARGUS_")
            || key.equals("JAVA_TOOL_OPTIONS") || key.equals("JDK_JAVA_OPTIONS") || key.equals("_JAVA_OPTIONS"));
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
          throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + "\n--- stdout ---\n"
              + Files.readString(out) + "\n--- stderr ---\n" + Files.readString(err));
        }
        return new Result(String.join(" ", command), process.exitValue(),
            Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + String.join(" ", command), e);
    }
  }
}
