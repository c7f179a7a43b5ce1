package io.argus.smoke;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Figures measured by the fault tests (latency under each fault, heap after GC over the soak) for
 * docs/reliability.md: printed and appended to {@code target/reliability-figures.txt}. Reported, never asserted.
 */
final class ReliabilityFigures {
  private static final Path FILE = Path.of("target", "reliability-figures.txt");

  private ReliabilityFigures() {}

  static synchronized void record(String test, String figure) {
    String line = "[reliability] " + test + ": " + figure;
    System.out.println(line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
