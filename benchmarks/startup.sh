#!/usr/bin/env bash
# Start-up cost of the agent: wall time of a hello-world JVM without an agent (A), with argus-agent.jar (B) and with
# the OpenTelemetry Java agent (C), alternating runs (A B C A B C ...) so machine drift hits all equally.
# Both agents print spans to the console and export no metrics over the network. Prints median and min-max in ms.
# Usage: benchmarks/startup.sh [runs]   (after mvn -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-15}"
cp="benchmarks/target/classes"
agent="${ARGUS_JAR:-agent/target/argus-agent.jar}"
# Agent endpoint off so that runs never compete for port 9464; span output left at its default.
agent_opts=(-javaagent:"$agent" -Dargus.prometheus.enabled=false)
otel_opts=(-javaagent:benchmarks/target/rival/opentelemetry-javaagent.jar -Dotel.traces.exporter=console
  -Dotel.metrics.exporter=none -Dotel.logs.exporter=none)

measure() {
  local start end
  start=$(date +%s%N)
  java "$@" -cp "$cp" io.argus.benchmarks.apps.HelloMain >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

summary() {
  sort -n | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, n=%d)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

for _ in 1 2 3; do measure >/dev/null; measure "${agent_opts[@]}" >/dev/null; measure "${otel_opts[@]}" >/dev/null; done
none=(); argus=(); otel=()
for _ in $(seq "$runs"); do
  none+=("$(measure)")
  argus+=("$(measure "${agent_opts[@]}")")
  otel+=("$(measure "${otel_opts[@]}")")
done
echo "no agent:           $(printf '%s\n' "${none[@]}" | summary)"
echo "argus agent:        $(printf '%s\n' "${argus[@]}" | summary)"
echo "opentelemetry agent: $(printf '%s\n' "${otel[@]}" | summary)"
