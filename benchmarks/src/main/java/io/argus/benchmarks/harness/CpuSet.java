package io.argus.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CPUs a benchmark process may run on: all of them, or a {@code taskset} list such as {@code 0} or {@code 1-3}.
 * Keeping the load generator off the service's CPUs stops the two from trading places on the scheduler, which on a
 * two-core machine moves a saturated service's throughput by tens of percent from one JVM to the next.
 */
public record CpuSet(String list) {
  public static final CpuSet ALL = new CpuSet("all");
  private static final Pattern LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

  public CpuSet {
    if (!list.equals("all") && !LIST.matcher(list).matches()) {
      throw new IllegalArgumentException("expected all or a CPU list such as 0 or 0,2-3 (taskset -c), got " + list);
    }
  }

  /** {@code command}, run on these CPUs ({@code taskset} execs it, so the process keeps its pid). */
  public List<String> launch(List<String> command) {
    if (this.equals(ALL)) {
      return command;
    }
    List<String> pinned = new ArrayList<>(List.of("taskset", "-c", list));
    pinned.addAll(command);
    return pinned;
  }

  @Override
  public String toString() {
    return list;
  }
}
