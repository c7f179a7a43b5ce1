#!/usr/bin/env bash
# Where the agents' CPU goes in the Spring Boot service of the load harness: JFR (settings=profile) of the start-up (to
# the first HTTP 200) and of 20 s at saturation after a 30 s warm-up, with Argus, the OpenTelemetry agent and no agent,
# exporting to a local OTLP receiver as in load.sh; then benchmarks/jfr-threads.py splits the samples into the
# application's threads (and the agent's code on them) and the agent's own threads.
# Needs wrk and curl. Usage (after mvn -B -DskipTests package): benchmarks/profile-load.sh [output directory]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-benchmarks/target/profiles}"
mkdir -p "$out"
cp="$(benchmarks/classpath.sh)"
java -Dsun.net.httpserver.nodelay=true -cp "$cp" io.argus.benchmarks.otlp.OtlpCountingReceiver 0 >"$out/receiver.log" 2>&1 &
receiver=$!
trap 'kill $receiver 2>/dev/null || true' EXIT
until grep -q '^listening on ' "$out/receiver.log"; do sleep 0.2; done
endpoint=$(sed -n 's/^listening on //p' "$out/receiver.log")
source benchmarks/agents.sh
otlp_opts "$endpoint"
for agent in argus otel none; do
  agent_otlp_opts "$agent"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  java -Xms512m -Xmx512m "${agent_opts[@]}" \
    -XX:StartFlightRecording=name=startup,settings=profile,filename="$out/$agent-startup.jfr" \
    -cp "benchmarks/load-app/target/classes:benchmarks/load-app/target/lib/*" io.argus.benchmarks.loadapp.OwnersService \
    "$port" >"$out/$agent-app.log" 2>&1 &
  app=$!
  for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/owners/1" && break; sleep 0.1; done
  jcmd "$app" JFR.stop name=startup >/dev/null
  wrk -t2 -c16 -d30s "http://127.0.0.1:$port/owners/1" >/dev/null
  jcmd "$app" JFR.start name=load settings=profile >/dev/null
  wrk -t2 -c16 -d20s "http://127.0.0.1:$port/owners/1" >"$out/$agent-wrk.txt"
  jcmd "$app" JFR.stop name=load filename="$out/$agent-load.jfr" >/dev/null
  kill "$app"
  wait "$app" 2>/dev/null || true
  echo "== $agent: $(grep Requests/sec "$out/$agent-wrk.txt")"
  python3 benchmarks/jfr-threads.py "$out/$agent-startup.jfr" "$agent"
  python3 benchmarks/jfr-threads.py "$out/$agent-load.jfr" "$agent"
done
