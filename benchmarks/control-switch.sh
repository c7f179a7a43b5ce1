#!/usr/bin/env bash
# Cost of switching whole instrumentations off and on at run time (POST /control/instrumentations/{name}/...), which
# retransforms the loaded classes each one matches. Runs the sample agent service (smoke-tests/apps/capabilities-app)
# with the agent, warms it up under load, then switches jdk-httpserver, jdbc and executors off and on [rounds] times
# each and prints, per instrumentation: the classes retransformed, the scan of the loaded classes and the
# retransformation (wall time on the agent's endpoint thread, from the control response), and the stop-the-world
# pause of the JVM's RedefineClasses operation (from -Xlog:safepoint) with the part its own timer gives to the
# redefinition itself (-Xlog:redefine+class+timer, "doit"). Last, the latency of the app's requests under
# wrk load, without switching and while jdbc is switched off and on every second.
# Usage: benchmarks/control-switch.sh [rounds]   (after mvn -DskipTests package; needs curl and wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-10}"
app=smoke-tests/apps/capabilities-app/target
agent="${ARGUS_JAR:-agent/target/argus-agent.jar}"
app_port="${APP_PORT:-18080}"
agent_port="${AGENT_PORT:-19464}"
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

cat >"$work/argus.yaml" <<EOF
capabilities:
  rules: ["com.acme.agents.Pricing*[buildPricingPack]"]
logs:
  enabled: false
EOF
ARGUS_CONTROL_TOKEN="$token" ARGUS_METRICS_PORT="$agent_port" java -Xlog:safepoint,redefine+class+timer:file="$work/safepoint.log" \
  -javaagent:"$agent"=config="$work/argus.yaml" -cp "$app/classes:$app/lib/*" com.acme.agents.AgentServiceApp \
  "$app_port" >"$work/app.log" 2>&1 &
pid=$!
url="http://127.0.0.1:$app_port/price?item=tea"
for _ in $(seq 240); do
  curl -sf "http://127.0.0.1:$agent_port/ready" >/dev/null && curl -sf "$url" >/dev/null && break
  sleep 0.5
done
wrk -t1 -c4 -d20s "$url" >/dev/null # warm-up: the instrumented paths get JIT-compiled

switch() { # name action -> the control response
  curl -sf -XPOST -H "Authorization: Bearer $token" "http://127.0.0.1:$agent_port/control/instrumentations/$1/$2"
}
field() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }
median() { sort -n | awk '{a[NR]=$1} END {printf "%s (min %s, max %s)", a[int((NR+1)/2)], a[1], a[NR]}'; }

for name in jdk-httpserver jdbc executors; do
  : >"$work/$name.json"
  : >"$work/$name.pause"
  : >"$work/$name.doit"
  for _ in $(seq "$rounds"); do
    for action in disable enable; do
      before=$(wc -l <"$work/safepoint.log")
      switch "$name" "$action" >>"$work/$name.json"
      echo >>"$work/$name.json"
      sleep 0.3
      # what this switch caused: the RedefineClasses safepoints (ms), and the JVM's own timer of the redefinition
      # work done inside them (vm_op doit, ms)
      tail -n +"$((before + 1))" "$work/safepoint.log" >"$work/new.log"
      grep '"RedefineClasses"' "$work/new.log" | sed -n 's/.*Total: \([0-9]*\) ns.*/\1/p' \
        | awk '{s += $1} END {printf "%.1f\n", s / 1e6}' >>"$work/$name.pause"
      sed -n 's/.*vm_op: .*doit=\([0-9]*\).*/\1/p' "$work/new.log" | awk '{s += $1} END {print s + 0}' >>"$work/$name.doit"
    done
  done
  echo "$name: classes $(field retransformed_classes <"$work/$name.json" | sort -u | tr '\n' ' ')| scan ms" \
    "$(field scan_ms <"$work/$name.json" | median) | retransform ms $(field retransform_ms <"$work/$name.json" | median)" \
    "| stop-the-world pause ms $(median <"$work/$name.pause") | of which redefinition ms $(median <"$work/$name.doit")"
done

echo "loaded classes in the app: $(jcmd "$pid" PerfCounter.print | sed -n 's/^java.cls.loadedClasses=//p')"
latency() { awk '/Latency  /{avg=$2; max=$4} /  50%/{p50=$2} /  99%/{p99=$2} END {print "avg " avg ", p50 " p50 ", p99 " p99 ", max " max}'; }
echo "under load (wrk -t1 -c4, 15 s), no switching:          $(wrk -t1 -c4 -d15s --latency "$url" | latency)"
(for _ in $(seq 7); do switch jdbc disable >/dev/null; sleep 1; switch jdbc enable >/dev/null; sleep 1; done) &
toggler=$!
echo "under load (wrk -t1 -c4, 15 s), jdbc off/on each second: $(wrk -t1 -c4 -d15s --latency "$url" | latency)"
wait "$toggler"
