package io.argus.agent.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recurring failure is one line, then a count of its repeats: once per interval, and when it ends. */
class AgentLogRepeatsTest {
  @TempDir Path dir;
  private Path file;
  private final AgentLog log = AgentLog.get("test");

  @BeforeEach
  void logToFile() {
    file = dir.resolve("agent.log");
    AgentLog.configure("info", file.toString());
  }

  @AfterEach
  void restore() {
    AgentLog.repeatSummaryInterval(TimeUnit.MINUTES.toNanos(1));
    AgentLog.configure("info", "stderr");
  }

  private List<String> lines() throws IOException {
    return Files.readAllLines(file);
  }

  @Test
  void aFailureRepeatedWithinTheIntervalIsLoggedOnceAndItsRepeatsAreCountedWhenItEnds() throws IOException {
    String key = "test-ends-" + System.nanoTime();
    for (int i = 0; i < 5; i++) {
      log.once(AgentLog.Level.WARN, key, "backend_down", null, "backend", "b1");
    }
    assertThat(lines()).hasSize(1);
    assertThat(lines().get(0)).contains("\"event\":\"backend_down\"").doesNotContain("repeated");

    AgentLog.resetOnce(key);

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1))
        .contains("\"level\":\"INFO\"", "\"logger\":\"argus.test\"", "\"event\":\"backend_down\"")
        .contains("\"backend\":\"b1\"", "\"repeated\":4", "\"occurrences\":5", "\"repeats\":\"ended\"");
  }

  @Test
  void repeatsThatGoOnAreSummarisedOncePerIntervalWithTheCountSinceTheLastLine() throws Exception {
    String key = "test-ongoing-" + System.nanoTime();
    AgentLog.repeatSummaryInterval(TimeUnit.MILLISECONDS.toNanos(50));
    log.once(AgentLog.Level.ERROR, key, "export_failed", null);
    log.once(AgentLog.Level.ERROR, key, "export_failed", null);
    Thread.sleep(80);
    log.once(AgentLog.Level.ERROR, key, "export_failed", null); // third: summary of 2 repeats
    log.once(AgentLog.Level.ERROR, key, "export_failed", null); // within the next interval: counted only

    assertThat(lines()).hasSize(2);
    assertThat(lines().get(1))
        .contains("\"level\":\"ERROR\"", "\"repeated\":2", "\"occurrences\":3", "\"repeats\":\"ongoing\"");

    AgentLog.resetOnce(key);
    assertThat(lines()).hasSize(3);
    assertThat(lines().get(2)).contains("\"repeated\":1", "\"occurrences\":4", "\"repeats\":\"ended\"");
  }

  @Test
  void aKeySeenOnlyOnceLeavesNoSummaryWhenReset() throws IOException {
    String key = "test-single-" + System.nanoTime();
    log.once(AgentLog.Level.WARN, key, "hiccup", null);
    AgentLog.resetOnce(key);
    log.once(AgentLog.Level.WARN, key, "hiccup", null);

    assertThat(lines()).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("repeated"));
  }
}
