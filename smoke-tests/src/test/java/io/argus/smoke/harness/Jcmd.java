package io.argus.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's {@code jcmd}, from the JDK that launches the test JVMs, run against one of them with a time bound. */
public final class Jcmd {
  private static final long TIMEOUT_SECONDS = 60;

  private Jcmd() {}

  /** Runs {@code jcmd <pid> <command...>} and returns its output; fails if it fails or takes over a minute. */
  public static String run(long pid, String... command) {
    List<String> line = new ArrayList<>();
    line.add(AgentJvm.defaultJavaHome().resolve(Path.of("bin", "jcmd")).toString());
    line.add(String.valueOf(pid));
    line.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().remove("JAVA_TOOL_OPTIONS");
    try {
      Process process = builder.start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("jcmd did not finish within " + TIMEOUT_SECONDS + " s: " + line);
      }
      String text = new String(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new AssertionError("jcmd failed (" + process.exitValue() + "): " + line + "\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + line, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + line, e);
    }
  }
}
