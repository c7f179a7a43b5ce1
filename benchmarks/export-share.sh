#!/usr/bin/env bash
# How much of Argus's CPU per request in the Spring Boot service is the OTLP export: the load app at saturation (wrk,
# 16 connections, 15 s after a 30 s warm-up) with Argus exporting over OTLP, Argus without a span exporter, Argus
# recording no span (sampler always_off), the OpenTelemetry agent and no agent, alternating for the rounds given.
# Prints requests/s and the process's CPU milliseconds per 1 000 requests. Needs wrk and curl.
# Usage (after mvn -B -DskipTests package): benchmarks/export-share.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
cp="$(benchmarks/classpath.sh)"
log="$(mktemp)"
java -Dsun.net.httpserver.nodelay=true -cp "$cp" io.argus.benchmarks.otlp.OtlpCountingReceiver 0 >"$log" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true; rm -f "$log"' EXIT
until grep -q '^listening on ' "$log"; do sleep 0.2; done
endpoint=$(sed -n 's/^listening on //p' "$log")
common=(-Dotel.service.name=benchmark -Dotel.traces.sampler=always_on -Dotel.exporter.otlp.protocol=http/protobuf
  -Dotel.exporter.otlp.endpoint="$endpoint")
argus=(-javaagent:agent/target/argus-agent.jar "${common[@]}" -Dargus.metrics.port=0 -Dargus.breaker.enabled=false)
for round in $(seq "$rounds"); do
  for config in argus-otlp argus-no-exporter argus-sampler-off otel none; do
    case $config in
      argus-otlp) opts=("${argus[@]}" -Dotel.traces.exporter=otlp) ;;
      argus-no-exporter) opts=("${argus[@]}" -Dotel.traces.exporter=none) ;;
      argus-sampler-off) opts=("${argus[@]}" -Dotel.traces.exporter=otlp -Dotel.traces.sampler=always_off) ;;
      otel) opts=(-javaagent:benchmarks/target/rival/opentelemetry-javaagent.jar "${common[@]}" -Dotel.traces.exporter=otlp
        -Dotel.metrics.exporter=otlp -Dotel.metric.export.interval=10000 -Dotel.logs.exporter=none) ;;
      none) opts=() ;;
    esac
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    java -Xms512m -Xmx512m "${opts[@]}" -cp "benchmarks/load-app/target/classes:benchmarks/load-app/target/lib/*" \
      io.argus.benchmarks.loadapp.OwnersService "$port" >/dev/null 2>&1 &
    app=$!
    for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/owners/1" && break; sleep 0.1; done
    wrk -t2 -c16 -d30s "http://127.0.0.1:$port/owners/1" >/dev/null
    before=$(awk '{print $14 + $15}' "/proc/$app/stat")
    rate=$(wrk -t2 -c16 -d15s "http://127.0.0.1:$port/owners/1" | awk '/Requests\/sec/ {print $2}')
    after=$(awk '{print $14 + $15}' "/proc/$app/stat")
    kill "$app"
    wait "$app" 2>/dev/null || true
    awk -v r="$round" -v c="$config" -v rate="$rate" -v ticks=$((after - before)) -v hz="$(getconf CLK_TCK)" \
      'BEGIN {printf "round %d, %-18s %8.0f requests/s, CPU %5.1f ms per 1 000 requests\n", r, c, rate, ticks / hz / (rate * 15) * 1e6}'
  done
done
