#!/usr/bin/env bash
# Memory the agent costs once started: classes loaded and heap live after a full GC in an idle JVM, without an agent
# (A), with argus-agent.jar (B), with the OpenTelemetry Java agent (C) and with argus-agent.jar in its default
# configuration, /metrics endpoint and JVM metrics on (D), alternating runs (A B C D A B C D ...). A, B and C are
# configured as in startup.sh (spans to the console, no metrics exported or served). Each JVM gets SETTLE_SECONDS (default 5) after "ready" for the agents' background
# start (exporters, endpoint) before it is measured: classes with jstat (no attach), then heap with
# `jcmd <pid> GC.class_histogram`, which runs a full GC first and totals the live objects.
# Prints medians and min-max. Usage: benchmarks/footprint.sh [runs]   (after mvn -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
settle="${SETTLE_SECONDS:-5}"
cp="benchmarks/target/classes"
source benchmarks/agents.sh
# Default configuration, on an ephemeral port so that no run competes for 9464.
argus_default_opts=(-javaagent:"$argus_jar" -Dargus.metrics.port=0)
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

# Prints "<loaded classes> <live heap bytes>".
measure() {
  java "$@" -cp "$cp" io.argus.benchmarks.apps.IdleMain 300 >"$out" 2>&1 &
  local pid=$! waited=0
  until grep -q '^ready$' "$out"; do
    sleep 0.2
    waited=$((waited + 1))
    if [ "$waited" -gt 600 ] || ! kill -0 "$pid" 2>/dev/null; then
      echo "JVM did not start: $(cat "$out")" >&2
      kill "$pid" 2>/dev/null || true
      exit 1
    fi
  done
  sleep "$settle"
  local classes heap
  classes=$(jstat -class "$pid" | awk 'NR == 2 {print $1}')
  heap=$(jcmd "$pid" GC.class_histogram | awk '$1 == "Total" {print $3}')
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$classes $heap"
}

summary() {
  sort -n | awk -v unit="$1" -v div="$2" '{a[NR]=$1} END {
    printf "median %.1f %s (min %.1f, max %.1f, n=%d)\n", a[int((NR+1)/2)]/div, unit, a[1]/div, a[NR]/div, NR}'
}

none_c=(); none_h=(); argus_c=(); argus_h=(); otel_c=(); otel_h=(); dflt_c=(); dflt_h=()
for _ in $(seq "$runs"); do
  read -r c h < <(measure); none_c+=("$c"); none_h+=("$h")
  read -r c h < <(measure "${argus_console_opts[@]}"); argus_c+=("$c"); argus_h+=("$h")
  read -r c h < <(measure "${otel_console_opts[@]}"); otel_c+=("$c"); otel_h+=("$h")
  read -r c h < <(measure "${argus_default_opts[@]}"); dflt_c+=("$c"); dflt_h+=("$h")
done
echo "loaded classes"
echo "  no agent:                $(printf '%s\n' "${none_c[@]}" | summary classes 1)"
echo "  argus agent:             $(printf '%s\n' "${argus_c[@]}" | summary classes 1)"
echo "  opentelemetry agent:     $(printf '%s\n' "${otel_c[@]}" | summary classes 1)"
echo "  argus agent, /metrics on: $(printf '%s\n' "${dflt_c[@]}" | summary classes 1)"
echo "heap after full GC"
echo "  no agent:                $(printf '%s\n' "${none_h[@]}" | summary MB 1000000)"
echo "  argus agent:             $(printf '%s\n' "${argus_h[@]}" | summary MB 1000000)"
echo "  opentelemetry agent:     $(printf '%s\n' "${otel_h[@]}" | summary MB 1000000)"
echo "  argus agent, /metrics on: $(printf '%s\n' "${dflt_h[@]}" | summary MB 1000000)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
