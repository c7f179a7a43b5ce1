#!/usr/bin/env bash
# Start-up cost of the agent: a hello-world JVM without an agent (A), with argus-agent.jar (B) and with the
# OpenTelemetry Java agent (C), alternating runs (A B C A B C ...) so machine drift hits all equally. For each run:
# wall time from process start to exit, and CPU time (user + system, all threads: JIT and GC included), which a
# shared machine's load distorts less than wall time. Both agents print spans to the console and export no metrics
# over the network. Prints medians and min-max in ms, and the load average.
# Usage: benchmarks/startup.sh [runs]   (after mvn -DskipTests package, which fetches the OpenTelemetry agent)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
cp="benchmarks/target/classes"
source benchmarks/agents.sh

# Prints "<wall ms> <cpu ms>".
measure() {
  local start end cpu
  start=$(date +%s%N)
  cpu=$({ TIMEFORMAT='%U %S'; time java "$@" -cp "$cp" io.argus.benchmarks.apps.HelloMain >/dev/null 2>&1; } 2>&1)
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(awk '{printf "%d", ($1 + $2) * 1000}' <<<"$cpu")"
}

summary() {
  sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, n=%d)", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in 1 2 3; do measure >/dev/null; measure "${argus_console_opts[@]}" >/dev/null; measure "${otel_console_opts[@]}" >/dev/null; done
none=(); argus=(); otel=()
for _ in $(seq "$runs"); do
  none+=("$(measure)")
  argus+=("$(measure "${argus_console_opts[@]}")")
  otel+=("$(measure "${otel_console_opts[@]}")")
done
for column in 1 2; do
  if [ "$column" = 1 ]; then echo "wall time"; else echo "CPU time"; fi
  echo "  no agent:            $(printf '%s\n' "${none[@]}" | cut -d' ' -f"$column" | summary)"
  echo "  argus agent:         $(printf '%s\n' "${argus[@]}" | cut -d' ' -f"$column" | summary)"
  echo "  opentelemetry agent: $(printf '%s\n' "${otel[@]}" | cut -d' ' -f"$column" | summary)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
